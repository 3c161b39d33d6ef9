import type { CampaignExecutionInput } from '#campaign/stages';
import type { CampaignAbortRequest } from '#ports/campaign-abort-flags';
import type { ExecutionRecord } from '#ports/execution-control';
import { ErrorName } from '../errors.ts';
import { executionArnOf } from './ports.ts';
import { type ServiceState, serviceStateOf } from './service-state.ts';

/** How a campaign is doing, or how it ended (CampaignHalted → halted, CampaignAborted → aborted, …). */
export type CampaignOutcome =
  | 'running'
  | 'succeeded'
  | 'halted'
  | 'aborted'
  | 'incomplete'
  | 'stopped'
  | 'failed';

/** The order counts are shown in: what is moving first, then how services ended, then who never began. */
export const SERVICE_STATE_ORDER = [
  'running',
  'succeeded',
  'rolled_back',
  'rejected',
  'paused',
  'failed',
  'aborted',
  'not_started',
] as const satisfies readonly ServiceState[];

export interface CampaignServiceView {
  readonly name: string;
  readonly stage: number;
  readonly state: ServiceState;
  readonly executionName: string;
  readonly executionArn: string;
  readonly startedAt?: string;
  readonly stoppedAt?: string;
  readonly error?: string;
  readonly cause?: string;
}

export interface CampaignStageView {
  /** 1-based, in the order the campaign runs them. */
  readonly stage: number;
  readonly state: 'done' | 'running' | 'waiting' | 'never_started';
  readonly services: readonly CampaignServiceView[];
}

export interface CampaignView {
  readonly campaign: string;
  readonly executionArn: string;
  readonly executionName: string;
  readonly status: ExecutionRecord['status'];
  readonly outcome: CampaignOutcome;
  readonly startedAt: string;
  readonly stoppedAt?: string;
  /** Why the campaign stopped short: the error (CampaignHalted, CampaignAborted, …) and its cause. */
  readonly haltedBecause?: { readonly error: string; readonly cause: string };
  /** `cutover campaign abort` was asked: no new service starts. */
  readonly abortRequested?: CampaignAbortRequest;
  readonly counts: Readonly<Record<ServiceState, number>>;
  readonly stages: readonly CampaignStageView[];
}

const OUTCOME_BY_ERROR: Readonly<Record<string, CampaignOutcome>> = {
  [ErrorName.CampaignHalted]: 'halted',
  [ErrorName.CampaignAborted]: 'aborted',
  [ErrorName.CampaignIncomplete]: 'incomplete',
};

function campaignOutcomeOf(execution: ExecutionRecord): CampaignOutcome {
  switch (execution.status) {
    case 'RUNNING':
      return 'running';
    case 'SUCCEEDED':
      return 'succeeded';
    case 'ABORTED':
      return 'stopped';
    default:
      return OUTCOME_BY_ERROR[execution.error ?? ''] ?? 'failed';
  }
}

function serviceView(
  service: CampaignExecutionInput['stages'][number][number],
  stage: number,
  child: ExecutionRecord | undefined,
  cutoverStateMachineArn: string,
): CampaignServiceView {
  return {
    name: service.name,
    stage,
    state: serviceStateOf(child),
    executionName: service.executionName,
    executionArn: child?.executionArn ?? executionArnOf(cutoverStateMachineArn, service.executionName),
    ...(child ? { startedAt: child.startDate.toISOString() } : {}),
    ...(child?.stopDate ? { stoppedAt: child.stopDate.toISOString() } : {}),
    ...(child?.error !== undefined ? { error: child.error } : {}),
    ...(child?.cause !== undefined ? { cause: child.cause } : {}),
  };
}

function stageState(
  services: readonly CampaignServiceView[],
  campaignRunning: boolean,
): CampaignStageView['state'] {
  const started = services.filter((s) => s.state !== 'not_started');
  if (started.length === 0) return campaignRunning ? 'waiting' : 'never_started';
  if (services.some((s) => s.state === 'running')) return 'running';
  // A stage whose queued services have not started yet still runs while the campaign does.
  return started.length < services.length && campaignRunning ? 'running' : 'done';
}

/**
 * The campaign as the operator sees it: every stage with each service's child execution state, the
 * counts, and why it stopped. Pure: `children` are the child executions by name (absent: not started).
 */
export function campaignView(opts: {
  readonly execution: ExecutionRecord;
  readonly input: CampaignExecutionInput;
  readonly children: ReadonlyMap<string, ExecutionRecord>;
  readonly cutoverStateMachineArn: string;
  readonly abortRequested?: CampaignAbortRequest;
}): CampaignView {
  const { execution, input } = opts;
  const running = execution.status === 'RUNNING';
  const stages = input.stages.map((services, index) => {
    const views = services.map((service) =>
      serviceView(service, index + 1, opts.children.get(service.executionName), opts.cutoverStateMachineArn),
    );
    return { stage: index + 1, state: stageState(views, running), services: views };
  });
  const counts = Object.fromEntries(
    SERVICE_STATE_ORDER.map((state) => [
      state,
      stages.flatMap((s) => s.services).filter((s) => s.state === state).length,
    ]),
  ) as Record<ServiceState, number>;
  return {
    campaign: input.campaign,
    executionArn: execution.executionArn,
    executionName: execution.name,
    status: execution.status,
    outcome: campaignOutcomeOf(execution),
    startedAt: execution.startDate.toISOString(),
    ...(execution.stopDate ? { stoppedAt: execution.stopDate.toISOString() } : {}),
    ...(execution.status !== 'RUNNING' && execution.status !== 'SUCCEEDED'
      ? { haltedBecause: { error: execution.error ?? execution.status, cause: execution.cause ?? '' } }
      : {}),
    ...(opts.abortRequested ? { abortRequested: opts.abortRequested } : {}),
    counts,
    stages,
  };
}
