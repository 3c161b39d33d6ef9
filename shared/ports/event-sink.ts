import type { Weights } from '#core/weights';

/** EventBridge detail-types, source `cutover`. Names are an API: add, never rename. */
export const CutoverEventType = {
  Started: 'Cutover Started',
  StepStarted: 'Cutover Step Started',
  StepPassed: 'Cutover Step Passed',
  AwaitingApproval: 'Cutover Awaiting Approval',
  GateFailed: 'Cutover Gate Failed',
  RolledBack: 'Cutover Rolled Back',
  RollbackFailed: 'Cutover Rollback Failed',
  Succeeded: 'Cutover Succeeded',
  DriftDetected: 'Cutover Drift Detected',
  Paused: 'Cutover Paused',
  /** The ALB served shares other than the weights for several minutes (observed split). */
  SplitDeviated: 'Cutover Split Deviated',
  /** A lifecycle hook answered (pass, fail) or timed out. */
  HookAnswered: 'Cutover Hook Answered',
} as const;
export type CutoverEventTypeValue = (typeof CutoverEventType)[keyof typeof CutoverEventType];

export interface CutoverEventDetail {
  readonly planName: string;
  readonly executionArn: string;
  /** 0-based step index, or null before the first step. */
  readonly step: number | null;
  /** Percent per target name. */
  readonly weightsBefore: Weights | null;
  readonly weightsAfter: Weights | null;
  readonly reason: string;
}

export interface CutoverEvent {
  readonly type: CutoverEventTypeValue;
  readonly detail: CutoverEventDetail;
}

export interface EventSink {
  emit(event: CutoverEvent): Promise<void>;
}
