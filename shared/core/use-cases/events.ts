import type { CutoverEvent, CutoverEventTypeValue } from '#ports/event-sink';
import { byTargetName, type TargetNames } from '../target-weights.ts';
import type { Weights } from '../weights.ts';

export interface EventFields {
  readonly planName: string;
  readonly executionArn: string;
  readonly step: number | null;
  /** Weights by target group ARN, as the router and the lease keep them. */
  readonly before?: Weights | null;
  readonly after?: Weights | null;
  readonly reason: string;
  /** How the event names each target group: events speak in target names, never ARNs. */
  readonly targetNames: TargetNames;
}

/**
 * The one place a cutover event is built, by the execution's use-cases (from the plan) and by the
 * safety net (from the names kept on the lease), so both publish weights by target name.
 */
export function cutoverEvent(type: CutoverEventTypeValue, fields: EventFields): CutoverEvent {
  return {
    type,
    detail: {
      planName: fields.planName,
      executionArn: fields.executionArn,
      step: fields.step,
      weightsBefore: fields.before ? byTargetName(fields.before, fields.targetNames) : null,
      weightsAfter: fields.after ? byTargetName(fields.after, fields.targetNames) : null,
      reason: fields.reason,
    },
  };
}
