import type { HookPoint } from '#plan/hook-types';
import type { ResolvedPlan } from '#plan/types';
import type { HookEvent } from '#ports/hook-runner';
import type { Progress } from '../progress.ts';
import { stepLabel } from '../progress.ts';
import type { Weights } from '../weights.ts';

/** The test route engineer-facing hooks should use, when the plan declares one (`testRoute`). */
interface WithTestRoute {
  readonly testRoute?: { readonly header: string; readonly value?: string };
}

/**
 * The step a hook speaks about: the first step before any traffic (preTraffic), the step whose bake
 * just passed (afterStep — the bake loop has already moved `progress` on unless this was the last),
 * the last step (beforeComplete), or the step the rollback came from (onRollback).
 */
export function hookStepIndex(
  plan: ResolvedPlan,
  point: HookPoint,
  progress: Progress | undefined,
): number | null {
  if (point === 'preTraffic') return 0;
  if (point === 'beforeComplete') return plan.steps.length - 1;
  if (!progress) return null;
  if (point === 'afterStep') return progress.decision === 'complete' ? progress.step : progress.step - 1;
  return progress.step;
}

export function buildHookEvent(args: {
  readonly plan: ResolvedPlan;
  readonly point: HookPoint;
  readonly executionArn: string;
  readonly progress: Progress | undefined;
  /** Percent per target name the router holds. */
  readonly weights: Weights;
  readonly attempt: number;
  readonly deadline: Date;
  readonly now: Date;
  readonly reason?: string;
}): HookEvent {
  const { plan, point } = args;
  const index = hookStepIndex(plan, point, args.progress);
  const step = index === null ? undefined : plan.steps[index];
  const route = (plan as ResolvedPlan & WithTestRoute).testRoute;
  return {
    version: 1,
    hook: point,
    planName: plan.name,
    executionArn: args.executionArn,
    step: step
      ? {
          index: step.index,
          label: stepLabel({ step: step.index, total: plan.steps.length }),
          weights: step.weights,
        }
      : null,
    weights: args.weights,
    from: plan.from,
    to: plan.to,
    ...(route ? { testRoute: { header: route.header, value: route.value ?? plan.name } } : {}),
    ...(args.reason ? { reason: args.reason } : {}),
    attempt: args.attempt,
    deadline: args.deadline.toISOString(),
    sentAt: args.now.toISOString(),
  };
}
