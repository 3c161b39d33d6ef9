/**
 * Capacity follows the weight (pure). Before a step is written, the load per healthy unit it would
 * put on each destination is compared with the load per unit the source carried before the cutover
 * began (its starting share of today's request rate): the source has proven it can carry that, the
 * destination has not proven more. A plan-set headroom allows the destination some more.
 */

export interface CapacityUnitsOf {
  readonly name: string;
  /** Healthy units now (targets, tasks, pods, instances). */
  readonly units: number;
  readonly unit: string;
}

export interface CapacityQuestion {
  /** Requests per second across the plan's target groups, measured over recent whole minutes. */
  readonly requestsPerSecond: number;
  /** The source (`from`) and its share in percent before the cutover (the snapshot). */
  readonly source: CapacityUnitsOf & { readonly startShare: number };
  /** Each target other than the source that the next step gives weight, with that weight in percent. */
  readonly destinations: readonly (CapacityUnitsOf & { readonly nextShare: number })[];
  readonly headroom: number;
}

export interface CapacityShortfall {
  readonly name: string;
  readonly unit: string;
  readonly have: number;
  readonly need: number;
  /** Requests per second per unit the step would put on the destination with what it has. */
  readonly loadPerUnit: number;
  /** The most a destination unit may carry: the source's proven load per unit × headroom. */
  readonly limitPerUnit: number;
}

export type CapacityAnswer =
  | { readonly verdict: 'fits' }
  /** Nothing to compare against (no traffic, no source share or no healthy source units): not judged. */
  | { readonly verdict: 'unknown'; readonly why: string }
  | { readonly verdict: 'short'; readonly shortfalls: readonly CapacityShortfall[] };

export function judgeCapacity(question: CapacityQuestion): CapacityAnswer {
  const { requestsPerSecond: rate, source, headroom } = question;
  if (!(rate > 0)) return { verdict: 'unknown', why: 'no requests in the recent minutes' };
  if (source.startShare <= 0)
    return { verdict: 'unknown', why: `${source.name} carried no traffic at the start` };
  if (source.units <= 0) return { verdict: 'unknown', why: `${source.name} has no healthy ${source.unit}` };
  const limitPerUnit = ((rate * source.startShare) / 100 / source.units) * headroom;
  const shortfalls: CapacityShortfall[] = [];
  for (const destination of question.destinations) {
    const load = (rate * destination.nextShare) / 100;
    if (load <= 0) continue;
    // A tiny epsilon keeps float noise (e.g. 50.000000001 / 25) from asking for one unit more.
    const need = Math.max(1, Math.ceil(load / limitPerUnit - 1e-9));
    if (destination.units >= need) continue;
    shortfalls.push({
      name: destination.name,
      unit: destination.unit,
      have: destination.units,
      need,
      loadPerUnit: destination.units > 0 ? load / destination.units : Number.POSITIVE_INFINITY,
      limitPerUnit,
    });
  }
  return shortfalls.length === 0 ? { verdict: 'fits' } : { verdict: 'short', shortfalls };
}

const rps = (value: number) => (Number.isFinite(value) ? `${value.toFixed(1)} rps` : 'all requests');

/** `ecs would carry 50.0 rps per task with 1 task > limit 18.8 rps (vm before the cutover × 1.5); needs 3 tasks` */
export function describeShortfall(
  shortfall: CapacityShortfall,
  sourceName: string,
  headroom: number,
): string {
  return (
    `${shortfall.name} would carry ${rps(shortfall.loadPerUnit)} per ${singular(shortfall.unit)} with ` +
    `${shortfall.have} ${shortfall.unit} > limit ${rps(shortfall.limitPerUnit)} ` +
    `(${sourceName}'s load per target before the cutover × headroom ${headroom}); ` +
    `needs ${shortfall.need} ${shortfall.unit}`
  );
}

function singular(unit: string): string {
  return unit.endsWith('s') ? unit.slice(0, -1) : unit;
}
