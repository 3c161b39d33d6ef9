import { formatWeights, type Weights } from '#core/weights';
import { type Bake, checkBake, parseBake } from './bake.ts';
import { describeValue, didYouMean, type PlanProblem, problem } from './problems.ts';
import type { PlanDocumentStep } from './schema.ts';
import type { ResolvedStep } from './types.ts';

export interface StepInputs {
  /** Every target name in plan order; each expanded step lists all of them. */
  readonly targetNames: readonly string[];
  readonly from: string;
  readonly to: string;
  readonly steps: readonly PlanDocumentStep[];
  readonly defaultBake: Bake;
  /** `approval.before`: percents on `to`. */
  readonly approveBefore: readonly number[];
  /**
   * A retreat drill: the steps send a share back to `to` and need not reach 100; one more step,
   * baked for `returnBakeSeconds`, returns every weight to `from`.
   */
  readonly drill?: { readonly returnBakeSeconds: number };
}

interface Expanded {
  readonly weights: Weights;
  readonly bake: Bake;
  /** Written as an explicit weights map (not a percent on `to`). */
  readonly explicit: boolean;
  readonly approval: boolean;
}

/**
 * Expands `steps` into full weight maps and checks that they move monotonically toward `to`:
 * a percent `p` puts p on `to`, 100 − p on `from` and 0 elsewhere; explicit maps must name every
 * target and sum to 100. Returns undefined when any step is wrong (all problems are reported).
 */
export function expandSteps(inputs: StepInputs, problems: PlanProblem[]): ResolvedStep[] | undefined {
  const expanded = inputs.steps.map((step, index) => expandStep(step, index, inputs, problems));
  const before = problems.length;
  checkProgression(expanded, inputs, problems);
  const percentsOnTo = expanded.flatMap((s) => (s === undefined ? [] : [s.weights[inputs.to] ?? 0]));
  if (expanded.every((s) => s !== undefined)) checkApprovals(inputs.approveBefore, percentsOnTo, problems);
  if (problems.length > before || expanded.some((s) => s === undefined)) return undefined;
  const all =
    inputs.drill === undefined ? (expanded as Expanded[]) : [...(expanded as Expanded[]), returnStep(inputs)];
  return all.map((step, index) => ({
    index,
    weights: step.weights,
    bakeSeconds: step.bake.seconds,
    ...(step.bake.minSeconds === undefined ? {} : { minBakeSeconds: step.bake.minSeconds }),
    approval: step.approval || inputs.approveBefore.includes(step.weights[inputs.to] ?? 0),
  }));
}

/** A drill's last step: everything back on `from`, held one bake so the gates see the return. */
function returnStep(inputs: StepInputs): Expanded {
  return {
    weights: percentWeights(0, inputs),
    bake: { seconds: inputs.drill?.returnBakeSeconds ?? 0 },
    explicit: true,
    approval: false,
  };
}

function percentWeights(percent: number, inputs: StepInputs): Weights {
  const weights: Record<string, number> = {};
  for (const name of inputs.targetNames) weights[name] = 0;
  weights[inputs.from] = 100 - percent;
  weights[inputs.to] = percent;
  return weights;
}

function expandStep(
  step: PlanDocumentStep,
  index: number,
  inputs: StepInputs,
  problems: PlanProblem[],
): Expanded | undefined {
  if (typeof step === 'number') {
    return {
      weights: percentWeights(step, inputs),
      bake: inputs.defaultBake,
      explicit: false,
      approval: false,
    };
  }
  const path = ['steps', index];
  const bake = step.bake === undefined ? inputs.defaultBake : parseBake(step.bake);
  const approval = step.approval === true;
  if (step.percent !== undefined && step.weights !== undefined) {
    problems.push(
      problem(
        path,
        'both percent and weights; allowed exactly one',
        'percent is the share on `to`; weights list every target',
      ),
    );
    return undefined;
  }
  if (step.percent !== undefined) {
    return { weights: percentWeights(step.percent, inputs), bake, explicit: false, approval };
  }
  if (step.weights === undefined) {
    problems.push(
      problem(
        path,
        'neither percent nor weights; allowed exactly one',
        'e.g. { percent: 25 } or { weights: { vm: 75, ecs: 25 } }',
      ),
    );
    return undefined;
  }
  return explicitWeights(step.weights, index, inputs, problems, bake, approval);
}

function explicitWeights(
  written: Readonly<Record<string, number>>,
  index: number,
  inputs: StepInputs,
  problems: PlanProblem[],
  bake: Bake,
  approval: boolean,
): Expanded | undefined {
  const before = problems.length;
  const path = ['steps', index, 'weights'];
  for (const key of Object.keys(written)) {
    if (!inputs.targetNames.includes(key)) {
      problems.push(
        problem(
          [...path, key],
          `unknown target; got ${describeValue(key)}; allowed ${inputs.targetNames.join(', ')}`,
          didYouMean(key, inputs.targetNames),
        ),
      );
    }
  }
  const missing = inputs.targetNames.filter((name) => !(name in written));
  if (missing.length > 0) {
    problems.push(
      problem(
        path,
        `missing ${missing.join(', ')}; allowed a weight for every target (${inputs.targetNames.join(', ')})`,
        'write 0 for targets that get no traffic',
      ),
    );
  }
  if (problems.length > before) return undefined;
  const sum = Object.values(written).reduce((a, b) => a + b, 0);
  if (sum !== 100) {
    problems.push(
      problem(
        ['steps', index],
        `weights must sum to 100; got ${sum} (${formatWeights(written)})`,
        sum < 100 ? `add ${100 - sum} to one of the targets` : `take ${sum - 100} off one of the targets`,
      ),
    );
    return undefined;
  }
  const weights: Record<string, number> = {};
  for (const name of inputs.targetNames) weights[name] = written[name] ?? 0;
  return { weights, bake, explicit: true, approval };
}

/** Monotonic toward `to`: its share never falls, `from`'s never rises, no step repeats the previous. */
function checkProgression(
  steps: readonly (Expanded | undefined)[],
  inputs: StepInputs,
  problems: PlanProblem[],
): void {
  const { from, to } = inputs;
  for (let i = 1; i < steps.length; i++) {
    const previous = steps[i - 1];
    const current = steps[i];
    if (previous === undefined || current === undefined) continue;
    const [prevTo, curTo] = [previous.weights[to] ?? 0, current.weights[to] ?? 0];
    const [prevFrom, curFrom] = [previous.weights[from] ?? 0, current.weights[from] ?? 0];
    if (curTo < prevTo) {
      problems.push(
        problem(
          ['steps', i],
          `goes backwards; got ${to}=${curTo} after ${to}=${prevTo} in steps[${i - 1}]; allowed ${to} ≥ ${prevTo} (steps move toward \`to\`)`,
          'steps only move forward; the way back is rollback, or a plan with from and to swapped',
        ),
      );
    } else if (curFrom > prevFrom) {
      problems.push(
        problem(
          ['steps', i],
          `moves traffic back to \`from\`; got ${from}=${curFrom} after ${from}=${prevFrom} in steps[${i - 1}]; allowed ${from} ≤ ${prevFrom}`,
        ),
      );
    } else if (
      Object.keys(current.weights).every((name) => current.weights[name] === previous.weights[name])
    ) {
      problems.push(
        problem(
          ['steps', i],
          `same weights as steps[${i - 1}]; got ${formatWeights(current.weights)}; allowed a step that moves traffic`,
          `to hold longer, give steps[${i - 1}] a longer bake`,
        ),
      );
    }
  }
  const last = steps[steps.length - 1];
  if (last === undefined) return;
  const lastTo = last.weights[to] ?? 0;
  if (inputs.drill !== undefined) {
    if (lastTo === 100) {
      problems.push(
        problem(
          ['steps', steps.length - 1],
          `a retreat drill sends everything to \`to\`; got ${to}=100; allowed ${to} < 100`,
          'a drill proves the way back with a share and returns; to move for good, use kind: cutover',
        ),
      );
    }
    return;
  }
  if (!last.explicit && lastTo !== 100) {
    problems.push(
      problem(
        ['steps', steps.length - 1],
        `final step does not reach 100 on \`to\`; got ${to}=${lastTo}; allowed ${to}=100`,
        'end with 100, or write the last step as explicit weights to end on a split',
      ),
    );
  } else if (last.explicit && lastTo === 0) {
    problems.push(
      problem(
        ['steps', steps.length - 1],
        `final step leaves \`to\` without traffic; got ${formatWeights(last.weights)}; allowed ${to} > 0`,
      ),
    );
  }
}

/** Each `approval.before` percent must be the share on `to` of some step. */
function checkApprovals(
  before: readonly number[],
  percentsOnTo: readonly number[],
  problems: PlanProblem[],
): void {
  const seen = new Set<number>();
  before.forEach((percent, index) => {
    if (seen.has(percent)) {
      problems.push(
        problem(['approval', 'before', index], `duplicate; got ${percent}; allowed each percent once`),
      );
    } else if (!percentsOnTo.includes(percent)) {
      const nearest = [...percentsOnTo].sort((a, b) => Math.abs(a - percent) - Math.abs(b - percent))[0];
      problems.push(
        problem(
          ['approval', 'before', index],
          `no step puts ${percent}% on \`to\`; got ${percent}; allowed ${[...new Set(percentsOnTo)].join(', ')}`,
          nearest === undefined ? undefined : `did you mean ${nearest}?`,
        ),
      );
    }
    seen.add(percent);
  });
}

/** Every step's bake must cover at least one gate poll. */
export function checkStepBakes(
  steps: readonly PlanDocumentStep[],
  intervalSeconds: number,
  problems: PlanProblem[],
): void {
  steps.forEach((step, index) => {
    if (typeof step === 'number' || step.bake === undefined) return;
    checkBake(step.bake, ['steps', index, 'bake'], intervalSeconds, problems);
  });
}
