// `npm run bench` section: AWS calls per gate poll per cutover, by number of targets (DESIGN §13:
// ≤ 4 with 2 targets, ≤ 5 with 5). A healthy rehearsal of the example plan reshaped to N targets.
import { rehearse } from '#local/rehearsal/run-rehearsal';
import { defaultScenario } from '#local/scenario/scenario';
import { resolvePlan } from '#plan/index';

/** Calls a gate poll makes (the bake loop), as the rehearsal counts them. */
export const POLL_CALLS = [
  'DescribeTargetHealth',
  'GetMetricData',
  'DescribeAlarms',
  'DescribeListeners',
  'DescribeRules',
  'GetItem',
  'UpdateItem',
] as const;

const EXTRA_TARGETS = ['vm2', 'vm3', 'vm4'];

/** The plan with `count` targets: from, to, then idle EC2 target groups (an ALB forward holds ≤ 5). */
function planWithTargets(document: Record<string, unknown>, count: number): Record<string, unknown> {
  const targets = document.targets as Record<string, Record<string, unknown>>;
  const from = document.from as string;
  const to = document.to as string;
  const base = targets[from] as Record<string, unknown>;
  const kept: Record<string, unknown> = { [from]: targets[from], [to]: targets[to] };
  for (const [index, name] of EXTRA_TARGETS.slice(0, Math.max(0, count - 2)).entries()) {
    kept[name] = {
      ...base,
      targetGroupArn: String(base.targetGroupArn).replace(
        /targetgroup\/[^/]+\/[0-9a-f]+$/,
        `targetgroup/crawler-${name}/${String(index + 1).repeat(16)}`,
      ),
    };
  }
  const shaped: Record<string, unknown> = { ...document, targets: kept };
  delete shaped.approval;
  delete shaped.window;
  return shaped;
}

export interface PollCallsFigure {
  readonly targets: number;
  readonly polls: number;
  readonly perCommand: Readonly<Record<string, number>>;
  /** Every poll call per poll, lease read and renewal and the drift read included. */
  readonly total: number;
}

export async function pollCallsWith(
  document: Record<string, unknown>,
  targets: number,
): Promise<PollCallsFigure> {
  const shaped = planWithTargets(document, targets);
  const resolved = resolvePlan(shaped);
  if (!resolved.ok)
    throw new Error(`bench plan with ${targets} targets is invalid: ${JSON.stringify(resolved.problems)}`);
  const result = await rehearse({
    plan: resolved.plan,
    planDocument: shaped,
    scenario: defaultScenario(resolved.plan),
  });
  const polls = result.timeline.polls.length;
  const perCommand = Object.fromEntries(
    POLL_CALLS.map((c) => [c, (result.summary.apiCalls[c] ?? 0) / polls]),
  );
  const total = Object.values(perCommand).reduce((sum, n) => sum + n, 0);
  return { targets, polls, perCommand, total };
}
