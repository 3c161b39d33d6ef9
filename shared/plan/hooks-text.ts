import { formatDuration } from './duration.ts';
import { HOOK_POINTS } from './hook-types.ts';
import type { ResolvedPlan } from './types.ts';

/** `cutover validate`'s line for the observed-split gate, if the plan asks for it. */
export function observedSplitLine(plan: ResolvedPlan): string[] {
  const split = plan.gates.observedSplit;
  if (split === undefined) return [];
  return [
    `observed split: each target's share of requests within ±${split.tolerancePercent} points of its weight (between the previous and the current step's, for sticky clients); fails after ${split.minutes} consecutive minutes beyond it (minutes with ≥ ${split.minRequests} requests, after the write)`,
  ];
}

/** One line per lifecycle hook of the plan: where it runs, what it is, how long it may take. */
export function hookLines(plan: ResolvedPlan): string[] {
  const hooks = plan.hooks ?? {};
  return HOOK_POINTS.flatMap((point) => {
    const hook = hooks[point];
    if (hook === undefined) return [];
    const what =
      hook.kind === 'lambda'
        ? `Lambda ${hook.functionArn}`
        : `POST ${hook.url} (signed with ${hook.secretArn})`;
    const consequence = point === 'onRollback' ? 'informational' : `fail → ${plan.onFailure}`;
    return [
      `${point.padEnd(14)} ${what}; within ${formatDuration(hook.timeoutSeconds)}, ${hook.retries} redeliver${hook.retries === 1 ? 'y' : 'ies'}; ${consequence}`,
    ];
  });
}
