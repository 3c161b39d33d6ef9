import type { ResolvedPlan } from '#plan/types';
import type { ExecutionDescription } from '#ports/execution-control';
import type { ApprovalRequest, Lease } from '#ports/lease-store';
import { ErrorName } from '../errors.ts';
import { decisionRecord } from './audit-records.ts';
import { attempt, OperationCallError, OperationRefusedError } from './errors.ts';
import { type ExecutionActionPorts, required, requireRunning } from './operator-ports.ts';

/** `approved` continues (a planned approval, or resumes a pause); `rejected` rolls back. */
export type Decision = 'approved' | 'rejected';

export interface DecisionRequest {
  readonly execution: ExecutionDescription;
  readonly plan: ResolvedPlan;
  readonly decision: Decision;
  readonly reason: string;
}

export interface DecisionResult {
  readonly decision: Decision;
  readonly executionArn: string;
  readonly planName: string;
  /** 0-based index of the step the approval was for. */
  readonly step: number;
  readonly by: string;
  readonly reason: string;
  readonly at: string;
}

/** Errors Step Functions gives for a token that no longer waits: timed out, answered, or stopped. */
const GONE = new Set(['TaskTimedOut', 'TaskDoesNotExist', 'InvalidToken', ErrorName.LeaseLost]);

/**
 * Answers the approval (or pause) a cutover waits on. The task token is read from the router's lease
 * (where AwaitApproval put it) and goes only to Step Functions: it is a bearer credential, never
 * returned. A watched wait has no token: the answer goes on the lease, read at the next poll.
 */
export async function decideApproval(
  request: DecisionRequest,
  ports: ExecutionActionPorts,
): Promise<DecisionResult> {
  const { execution, plan, decision, reason } = request;
  const verb = decision === 'approved' ? 'approve' : 'reject';
  requireRunning(execution, verb);
  const leases = required(ports.leases, 'lease');
  const audit = required(ports.audit, 'audit log');
  const routerArn = plan.router.arn;
  const lease = await attempt(`reading the lease of router ${routerArn}`, () => leases.read(routerArn));
  if (!lease || lease.released || lease.owner !== execution.executionArn || !lease.approval) {
    throw new OperationRefusedError(
      'invalid-input',
      `execution ${execution.executionArn}: not waiting for an approval; nothing to ${verb} — see cutover status ${execution.executionArn}`,
    );
  }
  const identity = await attempt('reading the caller identity (sts:GetCallerIdentity)', () =>
    ports.identity.whoAmI(),
  );
  const at = ports.clock.now().toISOString();
  const answer = { decision, by: identity.arn, reason, at };
  await deliverAnswer(request, lease as Lease & { approval: ApprovalRequest }, answer, ports);
  const subject = {
    at,
    planName: plan.name,
    executionArn: execution.executionArn,
    routerArn,
    who: identity.arn,
  };
  await attempt(`${verb}d, but recording it in the audit log failed`, () =>
    audit.record(decisionRecord(subject, decision, reason)),
  );
  return {
    decision,
    executionArn: execution.executionArn,
    planName: plan.name,
    step: lease.approval.step,
    by: identity.arn,
    reason,
    at,
  };
}

async function deliverAnswer(
  request: DecisionRequest,
  lease: Lease & { approval: ApprovalRequest },
  answer: NonNullable<ApprovalRequest['answer']>,
  ports: ExecutionActionPorts,
): Promise<void> {
  const { execution } = request;
  const { taskToken, step } = lease.approval;
  try {
    if (taskToken === undefined) {
      // A watched wait: the answer goes on the lease (conditional on the owner's token), and the
      // cutover reads it at its next poll, within one interval.
      await (ports.leases as NonNullable<ExecutionActionPorts['leases']>).update(
        lease.routerArn,
        lease.token,
        {
          approval: { ...lease.approval, answer },
        },
      );
    } else if (answer.decision === 'approved') {
      await ports.executions.sendTaskSuccess(taskToken, {
        approved: true,
        by: answer.by,
        reason: answer.reason,
      });
    } else {
      await ports.executions.sendTaskFailure(
        taskToken,
        ErrorName.ApprovalRejected,
        `rejected by ${answer.by}: ${answer.reason}`,
      );
    }
  } catch (error) {
    if (error instanceof Error && GONE.has(error.name)) {
      throw new OperationRefusedError(
        'not-now',
        `execution ${execution.executionArn}: the approval for step ${step + 1} is no longer waiting (${error.name}: timed out, already answered or stopped); see cutover status ${execution.executionArn}`,
      );
    }
    throw new OperationCallError(`answering the approval of ${execution.executionArn}`, error);
  }
}
