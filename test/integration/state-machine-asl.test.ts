import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { ErrorName, StatesErrorNames } from '#core/errors';
import {
  EVALUATE_GATES_TIMEOUT_SECONDS,
  EXECUTION_TIMEOUT_SECONDS,
  HISTORY_EVENT_LIMIT,
  historyEvents,
  planBudget,
} from '#core/execution-budget';
import { resolvePlan } from '#plan/index';
import type { ResolvedPlan } from '#plan/types';
import { loadAsl, placeholders, reachable, substitutedAsl } from '#test/support/asl';
import { planDocument } from '#test/support/fakes';

/** asl-validator ships no type declarations: its call shape, as documented in its README. */
type AslValidator = (
  definition: unknown,
  options?: { checkArn?: boolean; checkPaths?: boolean },
) => { isValid: boolean; errorsText(separator?: string): string };
const required = createRequire(import.meta.url)('asl-validator') as AslValidator | { default: AslValidator };
const aslValidator: AslValidator = typeof required === 'function' ? required : required.default;

const asl = loadAsl();
const states = Object.entries(asl.States);
const tasks = states.filter(([, state]) => state.Type === 'Task');
const KNOWN_ERRORS = new Set<string>([...Object.values(ErrorName), ...StatesErrorNames]);
const LAMBDA_SERVICE_ERRORS = [
  'Lambda.ServiceException',
  'Lambda.AWSLambdaException',
  'Lambda.SdkClientException',
  'Lambda.TooManyRequestsException',
];
/** Outcomes that retrying cannot change: retrying them would hide a decision or repeat a refusal. */
const NEVER_RETRIED = [
  'PlanInvalid',
  'StalePlan',
  'LeaseHeld',
  'LeaseLost',
  'PlanClosed',
  'PreflightFailed',
  'DriftDetected',
  'GateFailed',
  'SnapshotUnrestorable',
  'RollbackFailed',
  'AwsRejected',
  'ApprovalRejected',
  'AbortRequested',
  'States.ALL',
  'States.TaskFailed',
];
/** Where a Catch may lead: the rollback path, the drift path, a stop, or the onFailure/onTimeout choices. */
const FAILURE_ENTRIES = [
  'Rollback',
  'RollbackRestoreNow',
  'ReportRollbackFailure',
  'RollbackOutcome',
  'ReleaseAfterDrift',
  'DriftDetected',
  'Stopped',
  'Fail',
  'ShiftRefused',
  'ApprovalTimedOut',
  // The onRollback hook is informational: whatever it throws, the rolled-back cutover is released.
  'Release',
];

describe('cutover.asl.json', () => {
  it('is accepted by asl-validator with ARNs and paths checked', () => {
    // Act
    const { isValid, errorsText } = aslValidator(substitutedAsl(), { checkArn: true, checkPaths: true });
    // Assess
    expect(errorsText('\n')).toBe('');
    expect(isValid).toBe(true);
  });

  it('uses exactly the agreed function ARN placeholders', () => {
    expect(placeholders()).toEqual(
      [
        'AcquireLeaseFunctionArn',
        'AwaitApprovalFunctionArn',
        'CompleteFunctionArn',
        'EvaluateGatesFunctionArn',
        'NextWindowFunctionArn',
        'PreflightFunctionArn',
        'RollbackFunctionArn',
        'RunHookFunctionArn',
        'ShiftFunctionArn',
        'SnapshotFunctionArn',
        'ValidateFunctionArn',
        'VerifyFunctionArn',
      ].sort(),
    );
  });

  it('shows the phases as state names in the console graph', () => {
    for (const name of [
      'Validate',
      'AcquireLease',
      'Snapshot',
      'Preflight',
      'NextWindow',
      'WaitForWindow',
      'AwaitApproval',
      'WaitForApproval',
      'WaitForHuman',
      'Shift',
      'Verify',
      'BakeWait',
      'EvaluateGates',
      'BakeChoice',
      'Complete',
      'Rollback',
      'Release',
      'Fail',
      'Pause',
    ]) {
      expect(asl.States[name], name).toBeDefined();
    }
    expect(asl.States.BakeWait).toMatchObject({
      Type: 'Wait',
      SecondsPath: '$.plan.intervalSeconds',
      Next: 'EvaluateGates',
    });
    // Every wait is watched: the waits are gate-polling tasks, not bare Wait states.
    for (const name of ['WaitForWindow', 'WaitForApproval', 'WaitForHuman']) {
      expect(asl.States[name], name).toMatchObject({
        Type: 'Task',
        Resource: asl.States.EvaluateGates?.Resource,
        ResultPath: '$.watch',
      });
    }
    expect(asl.States.WaitForWindow?.Parameters).toMatchObject({ watch: 'window' });
  });

  it('has a timeout at the top level and on every Task', () => {
    expect(asl.TimeoutSeconds).toBe(EXECUTION_TIMEOUT_SECONDS);
    for (const [name, state] of tasks) {
      expect(state.TimeoutSeconds ?? state.TimeoutSecondsPath, name).toBeDefined();
    }
    expect(asl.States.EvaluateGates?.TimeoutSeconds).toBe(EVALUATE_GATES_TIMEOUT_SECONDS);
    for (const name of ['WaitForWindow', 'WaitForApproval', 'WaitForHuman']) {
      expect(asl.States[name]?.TimeoutSeconds, name).toBe(EVALUATE_GATES_TIMEOUT_SECONDS);
    }
  });

  it('names only errors from the shared list in Retry, Catch, Pass and Fail', () => {
    const used: string[] = [];
    for (const [, state] of states) {
      for (const rule of [...(state.Retry ?? []), ...(state.Catch ?? [])]) used.push(...rule.ErrorEquals);
      if (state.Error) used.push(state.Error);
      const passError = (state.Parameters as { Error?: unknown } | undefined)?.Error;
      if (state.Type === 'Pass' && typeof passError === 'string') used.push(passError);
    }
    expect(used.length).toBeGreaterThan(20);
    expect(used.filter((name) => !KNOWN_ERRORS.has(name))).toEqual([]);
  });

  it('retries Lambda service errors with full jitter and a delay cap on every Task, and never retries a decision', () => {
    for (const [name, state] of tasks) {
      const retried = (state.Retry ?? []).flatMap((rule) => rule.ErrorEquals);
      expect(retried, name).toEqual(expect.arrayContaining(LAMBDA_SERVICE_ERRORS));
      expect(retried, name).toContain('AwsTransient');
      expect(
        retried.filter((error) => NEVER_RETRIED.includes(error)),
        name,
      ).toEqual([]);
      for (const rule of state.Retry ?? []) {
        expect(rule, name).toMatchObject({ JitterStrategy: 'FULL' });
        expect(rule.MaxDelaySeconds, name).toBeGreaterThan(0);
        expect(rule.MaxAttempts, name).toBeLessThanOrEqual(10);
      }
    }
  });

  it('sends every Catch into the failure path, and every failure path ends in a Fail state or a human-owned pause', () => {
    const fails = states.filter(([, state]) => state.Type === 'Fail').map(([name]) => name);
    for (const [name, state] of states) {
      for (const catcher of state.Catch ?? []) {
        expect(FAILURE_ENTRIES, `${name} → ${catcher.Next}`).toContain(catcher.Next);
        const onward = reachable(asl, catcher.Next, { stopAt: ['Pause'] });
        expect(
          [...onward].some((next) => fails.includes(next)),
          `${name} → ${catcher.Next}`,
        ).toBe(true);
        // Nothing but Rollback writes on the way to Fail (a pause hands control to a human first).
        expect(
          [...onward].filter((next) => next === 'Shift' || next === 'Complete'),
          `${name} → ${catcher.Next}`,
        ).toEqual([]);
      }
    }
  });

  it('keeps a gate poll at three state transitions (BakeWait → EvaluateGates → BakeChoice)', () => {
    expect(asl.States.BakeWait?.Next).toBe('EvaluateGates');
    expect(asl.States.EvaluateGates?.Next).toBe('BakeChoice');
    expect(asl.States.BakeChoice?.Choices?.find((choice) => choice.Next === 'BakeWait')).toBeDefined();
  });
});

describe('history budget (25,000 events per execution)', () => {
  function plan(overrides: Record<string, unknown>): ResolvedPlan {
    const result = resolvePlan(planDocument(overrides));
    if (!result.ok) throw new Error(JSON.stringify(result.problems));
    return result.plan;
  }

  it('fits an ordinary plan with one poll per EvaluateGates call', () => {
    const budget = planBudget(plan({ steps: [1, 5, 25, 50, 100], bake: '30m', interval: '15s' }));
    expect(budget.problems).toEqual([]);
    expect(budget.settings.pollsPerCall).toBe(1);
    expect(budget.historyEvents).toBeLessThan(HISTORY_EVENT_LIMIT);
  });

  it('computes the longest allowed plan at 15 s polls and keeps it under the limit', () => {
    // Prepare: the longest single-step bake (in hours) that Validate still accepts
    let longestHours = 0;
    for (let hours = 1; hours <= 24 * 60; hours += 1) {
      if (planBudget(plan({ steps: [100], bake: `${hours}h`, interval: '15s' })).problems.length > 0) break;
      longestHours = hours;
    }
    const longest = plan({ steps: [100], bake: `${longestHours}h`, interval: '15s' });
    const budget = planBudget(longest);
    // Assess: about 26 days of bake at 15 s polls (57 polls per EvaluateGates call), and the history fits
    expect(longestHours).toBeGreaterThanOrEqual(24 * 20);
    expect(budget.settings.pollsPerCall * longest.intervalSeconds).toBeLessThan(
      EVALUATE_GATES_TIMEOUT_SECONDS,
    );
    expect(historyEvents(longest, budget.settings.pollsPerCall)).toBeLessThanOrEqual(HISTORY_EVENT_LIMIT);
    // One hour more is refused, with the numbers and what to change.
    const tooLong = planBudget(plan({ steps: [100], bake: `${longestHours + 1}h`, interval: '15s' }));
    expect(tooLong.problems.join()).toMatch(/gate polls .* raise `interval`, shorten `bake`, or split/);
  });
});
