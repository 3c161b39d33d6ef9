import type { Weights } from '#core/weights';

/**
 * Everything a rehearsal observed, in virtual seconds since its start: what the report draws and
 * the summary is computed from. Only simulation facts (no wall time), so it is reproducible.
 */
export interface Timeline {
  readonly startedAt: string;
  readonly endedAtSeconds: number;
  /** Plan target names in plan order, with their target group ARN. */
  readonly targets: readonly { readonly name: string; readonly targetGroupArn: string }[];
  /** Every change of the router's weights (percent by target name); the first is the start. */
  readonly weights: readonly WeightChange[];
  readonly polls: readonly GatePoll[];
  /** Each gate the evaluate-gates handler reported as failing (the one that halted the step). */
  readonly gateFailures: readonly { readonly atSeconds: number; readonly gate: string }[];
  readonly faults: readonly FiredFault[];
  readonly events: readonly TimelineEvent[];
  /** Ground truth per target per minute, from the traffic model (not subject to publication delay). */
  readonly minutes: readonly MinuteRow[];
  readonly approvals: readonly {
    readonly atSeconds: number;
    readonly step: number;
    readonly answer: string;
  }[];
  readonly states: readonly { readonly atSeconds: number; readonly name: string }[];
}

export interface WeightChange {
  readonly atSeconds: number;
  /** `ModifyListener`, `ModifyRule`, `drift` or `initial`. */
  readonly by: string;
  readonly weights: Weights;
}

export interface GatePoll {
  readonly atSeconds: number;
  /** Combined verdict: pass, fail or inconclusive. */
  readonly verdict: string;
  readonly decision: string;
  /** `gate:verdict` per gate evaluated. */
  readonly verdicts: readonly string[];
  /** Per sequential test: log(evidence) / log(evidence needed); 1 halts the step. */
  readonly evidence?: readonly { readonly gate: string; readonly progress: number }[];
  /** Virtual seconds up to which the judge had read published minutes, or null. */
  readonly judgedThroughSeconds?: number | null;
}

export interface FiredFault {
  readonly atSeconds: number;
  readonly kind: string;
  readonly description: string;
}

export interface TimelineEvent {
  readonly atSeconds: number;
  readonly type: string;
  readonly step: number | null;
  readonly reason: string;
}

export interface MinuteRow {
  readonly minute: number;
  readonly target: string;
  readonly requests: number;
  readonly errors: number;
  readonly p99Ms: number | null;
}
