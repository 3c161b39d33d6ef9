import type { ResolvedPlan, Target } from '#plan/types';
import type { AlarmState } from '#ports/alarm-source';
import type { TargetHealthCounts } from '#ports/target-health';
import type { Readiness } from '#ports/target-platform';
import { alarmsGate, type GateVerdict, healthGate, readinessGate, runGate } from './gates.ts';
import { foreignTargetGroups } from './target-weights.ts';
import { mayBeDead } from './use-cases/capacity.ts';
import type { Weights } from './weights.ts';

/**
 * The checks Preflight refuses a start on, in one place: the Preflight phase runs them before any
 * write, and `cutover preview` runs the same ones over what it read, so that preview warns about
 * exactly what Preflight would refuse.
 */

/** What the checks read, one call each; a read that throws makes its check fail (never pass). */
export interface PreflightReads {
  health(target: Target): Promise<TargetHealthCounts>;
  readiness(target: Target): Promise<Readiness>;
  alarms(names: readonly string[]): Promise<Readonly<Record<string, AlarmState>>>;
}

/** One reason Preflight refuses, with where it comes from. */
export interface PreflightFinding {
  /**
   * `destination`: a target that gets weight is not ready or has too few healthy targets;
   * `retreat`: the way back (the snapshot's targets) has too few; `alarms`: an alarm in ALARM;
   * `foreign`: the router sends traffic to a target group the plan does not name;
   * `drill-start`: a retreat drill that does not start with all traffic on `from`.
   */
  readonly kind: 'destination' | 'retreat' | 'alarms' | 'foreign' | 'drill-start';
  /** The target name (`alarms` for alarms, the target group ARN for a foreign group). */
  readonly subject: string;
  readonly reason: string;
}

/** Targets that get weight in any step other than `from`: the destinations. */
export function destinationTargets(plan: ResolvedPlan): Target[] {
  return Object.values(plan.targets).filter(
    (target) => target.name !== plan.from && plan.steps.some((step) => (step.weights[target.name] ?? 0) > 0),
  );
}

/**
 * Every destination ready and healthy ≥ the gate minimum; the way back (the snapshot's targets with
 * weight, except an emergency retreat's source, `retreat.sourceMayBeDead`) healthy ≥ the retreat
 * minimum; no alarm in ALARM (INSUFFICIENT_DATA does not block a start). Returns every verdict.
 */
export async function preflightVerdicts(
  plan: ResolvedPlan,
  snapshotWeights: Weights,
  reads: PreflightReads,
): Promise<GateVerdict[]> {
  const verdicts: GateVerdict[] = [];
  for (const target of destinationTargets(plan)) {
    verdicts.push(
      await runGate('platformReadiness', target.name, async () =>
        readinessGate(await reads.readiness(target)),
      ),
    );
    verdicts.push(
      await runGate('minHealthyTargets', target.name, async () =>
        healthGate(
          'minHealthyTargets',
          target.name,
          await reads.health(target),
          plan.gates.minHealthyTargets,
        ),
      ),
    );
  }
  for (const target of Object.values(plan.targets)) {
    if ((snapshotWeights[target.targetGroupArn] ?? 0) <= 0 || mayBeDead(plan, target.name)) continue;
    verdicts.push(
      await runGate('retreatCapacity', target.name, async () =>
        healthGate(
          'retreatCapacity',
          target.name,
          await reads.health(target),
          plan.retreat.minHealthyTargets,
        ),
      ),
    );
  }
  if (plan.gates.alarms.length > 0) {
    verdicts.push(
      await runGate('alarms', 'alarms', async () =>
        alarmsGate(await reads.alarms(plan.gates.alarms), { insufficientDataIsInconclusive: false }),
      ),
    );
  }
  return verdicts;
}

/** The findings that refuse a start: every verdict that did not pass, then what the router itself shows. */
export function preflightFindings(
  plan: ResolvedPlan,
  snapshotWeights: Weights,
  verdicts: readonly GateVerdict[],
): PreflightFinding[] {
  const findings: PreflightFinding[] = verdicts
    .filter((verdict) => verdict.verdict !== 'pass')
    .map((verdict) => ({ kind: findingKind(verdict), subject: subjectOf(verdict), reason: verdict.reason }));
  for (const arn of foreignTargetGroups(plan, snapshotWeights)) {
    findings.push({
      kind: 'foreign',
      subject: arn,
      reason: `router sends ${snapshotWeights[arn]}% to target group ${arn}, which the plan does not name — add it to targets or move its traffic first`,
    });
  }
  const drillStart = retreatDrillStartProblem(plan, snapshotWeights);
  if (drillStart !== undefined)
    findings.push({ kind: 'drill-start', subject: plan.from, reason: drillStart });
  return findings;
}

function findingKind(verdict: GateVerdict): PreflightFinding['kind'] {
  if (verdict.gate === 'retreatCapacity') return 'retreat';
  if (verdict.gate === 'alarms') return 'alarms';
  return 'destination';
}

/** The target a verdict is about: the first word of its reason (gates name their subject first). */
function subjectOf(verdict: GateVerdict): string {
  return verdict.gate === 'alarms' ? 'alarms' : (verdict.reason.split(/[\s:]/, 1)[0] ?? '');
}

/**
 * A retreat drill returns every weight to `from` at its end, so it must start there: otherwise its
 * last step would not put the router back where it was.
 */
function retreatDrillStartProblem(plan: ResolvedPlan, snapshotWeights: Weights): string | undefined {
  const source = plan.targets[plan.from];
  if (plan.kind !== 'retreat-drill' || source === undefined) return undefined;
  const share = snapshotWeights[source.targetGroupArn] ?? 0;
  if (share === 100) return undefined;
  return `retreat drill starts with all traffic on ${plan.from}; got ${plan.from}=${share}% — a drill proves the way back from a finished cutover, not from a split`;
}
