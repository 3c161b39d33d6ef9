import type { ServiceOutcome } from '#campaign/outcome';
import type { ResolvedCampaign } from '#campaign/types';
import type { Weights } from '#core/weights';
import type { RehearsalSummary } from '../rehearsal/summary.ts';
import type { Timeline } from '../rehearsal/timeline.ts';
import type { ElbApiLimits } from '../sandbox/elb-api-limits.ts';
import type { InMemoryApiBudget } from './in-memory-budget.ts';
import type { CampaignScenario } from './scenario.ts';

export type CampaignOutcome = 'succeeded' | 'halted' | 'aborted' | 'completed_with_failures';

/** One service of a campaign rehearsal; times are virtual seconds since the campaign's start. */
export interface ServiceRun {
  readonly name: string;
  readonly wave: number;
  readonly outcome: ServiceOutcome;
  readonly startWeights: Weights;
  readonly finalWeights: Weights;
  readonly startedAtSeconds: number | null;
  readonly endedAtSeconds: number | null;
  /** Why it did not succeed (rollback reason, error, halt), or empty. */
  readonly reason: string;
  readonly rehearsal: RehearsalSummary | null;
  readonly timeline: Timeline | null;
}

/** The campaign `--json` summary (issue 14 contract; fields after `durationSeconds` are additions). */
export interface CampaignSummary {
  readonly campaign: string;
  readonly scenario: string;
  readonly seed: number;
  readonly outcome: CampaignOutcome;
  readonly services: readonly {
    readonly name: string;
    readonly wave: number;
    readonly outcome: ServiceOutcome;
    readonly startWeights: Weights;
    readonly finalWeights: Weights;
    readonly startedAtSeconds: number | null;
    readonly endedAtSeconds: number | null;
    readonly reason: string;
  }[];
  readonly peakElbWritesPerSecond: number;
  readonly peakElbReadsPerSecond: number;
  readonly throttles: number;
  readonly durationSeconds: number;
  readonly halt: {
    readonly atSeconds: number;
    readonly reason: string;
    readonly abortedRunning: boolean;
  } | null;
  readonly waves: readonly {
    readonly wave: number;
    readonly startedAtSeconds: number | null;
    readonly endedAtSeconds: number | null;
  }[];
  readonly elbApiBudget: ResolvedCampaign['elbApiBudget'];
  /** Times a cutover waited for a budget token instead of calling (and the virtual seconds waited). */
  readonly budgetWaits: { readonly count: number; readonly seconds: number };
  /** AWS read calls (ELB, CloudWatch, DynamoDB) per gate poll, averaged over every service; an upper bound (shift and verify reads included). */
  readonly readCallsPerGatePoll: number | null;
  readonly stateTransitions: number;
}

const POLL_READS = [
  'DescribeTargetHealth',
  'DescribeListeners',
  'DescribeRules',
  'GetMetricData',
  'DescribeAlarms',
  'GetItem',
];

/** Builds the campaign summary. Pure: same runs → same summary. */
export function summarizeCampaign(opts: {
  readonly campaign: ResolvedCampaign;
  readonly scenario: CampaignScenario;
  readonly runs: readonly ServiceRun[];
  readonly halt: {
    readonly atSeconds: number;
    readonly reason: string;
    readonly abortRunning: boolean;
  } | null;
  /** State transitions of the campaign state machine itself. */
  readonly campaignTransitions: number;
  readonly limits: ElbApiLimits;
  readonly budget: InMemoryApiBudget;
  readonly startedAt: number;
  readonly durationSeconds: number;
}): CampaignSummary {
  const { runs, halt } = opts;
  const perSecond = opts.limits.perSecond(opts.startedAt);
  const ran = runs.flatMap((run) => (run.rehearsal === null ? [] : [run.rehearsal]));
  const polls = runs.reduce((sum, run) => sum + (run.timeline?.polls.length ?? 0), 0);
  const reads = ran.reduce(
    (sum, r) => sum + POLL_READS.reduce((n, command) => n + (r.apiCalls[command] ?? 0), 0),
    0,
  );
  return {
    campaign: opts.campaign.name,
    scenario: opts.scenario.source,
    seed: opts.scenario.seed,
    outcome: outcomeOf(runs, halt),
    services: runs.map(({ rehearsal: _r, timeline: _t, ...service }) => service),
    peakElbWritesPerSecond: Math.max(0, ...perSecond.map((row) => row.modify)),
    peakElbReadsPerSecond: Math.max(0, ...perSecond.map((row) => row.describe)),
    throttles: opts.limits.throttles(),
    durationSeconds: Math.round(opts.durationSeconds),
    halt:
      halt === null
        ? null
        : { atSeconds: Math.round(halt.atSeconds), reason: halt.reason, abortedRunning: halt.abortRunning },
    waves: wavesOf(runs),
    elbApiBudget: opts.campaign.elbApiBudget,
    budgetWaits: {
      count: opts.budget.waits.length,
      seconds: Math.round(opts.budget.waits.reduce((sum, wait) => sum + wait.ms, 0) / 100) / 10,
    },
    readCallsPerGatePoll: polls === 0 ? null : Math.round((reads / polls) * 100) / 100,
    stateTransitions: opts.campaignTransitions + ran.reduce((sum, r) => sum + r.stateTransitions, 0),
  };
}

function outcomeOf(
  runs: readonly ServiceRun[],
  halt: { readonly abortRunning: boolean } | null,
): CampaignOutcome {
  if (halt?.abortRunning) return 'aborted';
  if (halt !== null) return 'halted';
  return runs.every((run) => run.outcome === 'succeeded') ? 'succeeded' : 'completed_with_failures';
}

function wavesOf(runs: readonly ServiceRun[]): CampaignSummary['waves'] {
  const waves = [...new Set(runs.map((run) => run.wave))].sort((a, b) => a - b);
  return waves.map((wave) => {
    const of = runs.filter((run) => run.wave === wave && run.startedAtSeconds !== null);
    return {
      wave,
      startedAtSeconds: of.length === 0 ? null : Math.min(...of.map((run) => run.startedAtSeconds ?? 0)),
      endedAtSeconds: of.length === 0 ? null : Math.max(...of.map((run) => run.endedAtSeconds ?? 0)),
    };
  });
}
