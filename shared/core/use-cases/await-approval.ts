import { formatDuration } from '#plan/duration';
import { CutoverEventType } from '#ports/event-sink';
import { AwsTransientError } from '../errors.ts';
import { stepLabel } from '../progress.ts';
import { toTargetGroupWeights } from '../target-weights.ts';
import { emitEvent, expectedWeights, requireOwnLease } from './guards.ts';
import type { UseCaseDeps } from './ports.ts';
import type { AwaitApprovalInput, AwaitApprovalOutput } from './shapes.ts';

/**
 * Opens a wait for a human: records the request on the lease (where `cutover approve` and `reject`
 * write their answer, which the watched wait that follows reads), then announces it. A task token,
 * when a `.waitForTaskToken` task passes one, is stored too; it is a bearer credential, never
 * logged, returned, or put in an event.
 */
export async function awaitApproval(
  input: AwaitApprovalInput,
  deps: UseCaseDeps,
): Promise<AwaitApprovalOutput> {
  const { plan, executionArn, lease: ref, progress } = input;
  const lease = await requireOwnLease(deps, plan, executionArn, ref.token);
  const now = deps.clock.now();
  // Nothing renews the lease while a human is asked (only gate polls do, and only once half of it
  // is gone): start every wait with the whole expiry, which covers one wait, so no other cutover
  // can take the router while these weights are held.
  await deps.leases.renew({
    routerArn: plan.router.arn,
    token: ref.token,
    ttlSeconds: input.settings.leaseTtlSeconds,
    now,
  });
  const requestedAt = now.toISOString();
  await deps.leases.update(plan.router.arn, ref.token, {
    approval: {
      ...(input.taskToken === undefined ? {} : { taskToken: input.taskToken }),
      step: progress.step,
      requestedAt,
      kind: input.kind,
    },
  });
  const stored = await deps.leases.read(plan.router.arn);
  if (stored?.approval?.requestedAt !== requestedAt || stored.approval.taskToken !== input.taskToken) {
    throw new AwsTransientError(`lease ${plan.router.arn}: approval request did not read back; retrying`);
  }
  const current = expectedWeights(lease) ?? null;
  const timeout = formatDuration(plan.approval?.timeoutSeconds ?? 0);
  if (input.kind === 'approval') {
    const next = plan.steps[progress.step];
    await emitEvent(deps, plan, executionArn, CutoverEventType.AwaitingApproval, {
      step: progress.step,
      before: current,
      after: next ? toTargetGroupWeights(plan, next.weights) : null,
      reason: `${stepLabel(progress)} waits for approval (timeout ${timeout}, then ${plan.approval?.onTimeout ?? 'rollback'}) — run \`cutover approve ${plan.name}\` or \`cutover reject ${plan.name}\``,
    });
  } else {
    await deps.audit.record({
      at: requestedAt,
      planName: plan.name,
      executionArn,
      routerArn: plan.router.arn,
      action: 'paused',
      token: ref.token,
      who: 'cutover',
      reason: input.reason ?? progress.reason,
    });
    await emitEvent(deps, plan, executionArn, CutoverEventType.Paused, {
      step: progress.step,
      before: current,
      after: current,
      reason: input.reason ?? progress.reason,
    });
  }
  deps.log.info(input.kind === 'approval' ? 'awaiting approval' : 'paused for a human', { kind: input.kind });
  return { requestedAt };
}
