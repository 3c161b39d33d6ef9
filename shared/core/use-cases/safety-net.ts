import { CutoverEventType } from '#ports/event-sink';
import type { ExecutionStatusValue } from '#ports/execution-status';
import type { DriftRecord, Lease } from '#ports/lease-store';
import { ErrorName, RetreatUnavailableError } from '../errors.ts';
import { routerRefFromArn } from '../router-ref.ts';
import { byTargetName, type TargetNames } from '../target-weights.ts';
import { formatWeights, sameWeights, type Weights } from '../weights.ts';
import { type DriftScope, driftFrom, recordDrift } from './drift-guard.ts';
import { cutoverEvent } from './events.ts';
import type { UseCaseDeps } from './ports.ts';
import { restoreOverOurWeights } from './rollback.ts';
import { closeTestRoute } from './test-route.ts';

/**
 * The safety net: Step Functions does nothing to undo a stopped execution's traffic split. On an
 * execution status change (ABORTED, TIMED_OUT, FAILED — best-effort delivery) and on a 5-minute
 * sweep, every active lease whose owner no longer runs is taken over with a higher fencing token
 * (an in-flight writer's post-write check then fails), its snapshot restored and verified, the
 * execution closed in the ledger (a redrive then stops with PlanClosed), and the lease released.
 *
 * A lease marked with drift is the exception: the cutover had found the operator's weights and
 * stopped writing, so restoring would fight the operator (restoring is a human decision). Its lease
 * is taken over, the execution closed, the drift announced, and the lease released — no router write.
 * The same holds when the router carries weights that neither the cutover nor the safety net wrote
 * (an operator's edit after `abort --force`, even between two sweeps). And a snapshot whose targets
 * have no healthy target is not restored onto: the sweep pages instead (make before break).
 *
 * A writer may still land a write after the owner stopped (Lambda keeps running past a Task
 * timeout), so the lease is kept — owned by the safety net — until WRITER_GRACE_SECONDS after the
 * stop, and the next sweep restores once more before releasing.
 */

export const SWEEPER_PREFIX = 'sweeper:';
/** Longest a writer Lambda (shift 60 s, rollback 300 s) can outlive its execution, with margin. */
export const WRITER_GRACE_SECONDS = 360;
const TAKEOVER_TTL_SECONDS = 3600;
const STOPPED: readonly ExecutionStatusValue[] = ['FAILED', 'TIMED_OUT', 'ABORTED', 'PENDING_REDRIVE'];

export interface StatusChangeEvent {
  readonly 'detail-type'?: string;
  readonly source?: string;
  readonly detail?: {
    readonly executionArn?: string;
    readonly status?: string;
    /** Epoch milliseconds. */
    readonly stopDate?: number | null;
  };
}
export type SafetyNetInput = { readonly sweep: true } | StatusChangeEvent;

export interface SafetyNetOutput {
  readonly examined: number;
  readonly restored: readonly string[];
  readonly released: readonly string[];
  readonly failed: readonly { readonly routerArn: string; readonly error: string }[];
}

interface Orphan {
  readonly lease: Lease;
  /** The execution that owned the router before anyone took over. */
  readonly executionArn: string;
  readonly stoppedAt: number | undefined;
  /** First take-over (announce it) or a later pass of the safety net (re-verify quietly). */
  readonly firstPass: boolean;
}

export async function safetyNet(input: SafetyNetInput, deps: UseCaseDeps): Promise<SafetyNetOutput> {
  const active = await deps.leases.listActive();
  const orphans = 'sweep' in input ? await sweepOrphans(active, deps) : eventOrphans(input, active);
  const result = {
    examined: active.length,
    restored: [] as string[],
    released: [] as string[],
    failed: [] as { routerArn: string; error: string }[],
  };
  for (const orphan of orphans) {
    try {
      const outcome = await reconcile(orphan, deps);
      if (outcome.restored) result.restored.push(orphan.lease.routerArn);
      if (outcome.released) result.released.push(orphan.lease.routerArn);
    } catch (error) {
      if (error instanceof Error && error.name === ErrorName.LeaseLost) {
        // Another safety-net run (the status event and a sweep can race) holds a higher token now:
        // the router is its job, and paging for it would be a false alarm.
        deps.log.info('another safety-net run took this lease first; leaving the router to it', {
          routerArn: orphan.lease.routerArn,
        });
        continue;
      }
      const name = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
      result.failed.push({ routerArn: orphan.lease.routerArn, error: name });
      deps.log.error('safety net could not restore a router', {
        routerArn: orphan.lease.routerArn,
        error: name,
      });
      deps.metrics.rollbackFailed();
      await deps.events.emit(
        cutoverEvent(CutoverEventType.RollbackFailed, {
          planName: orphan.lease.planName,
          executionArn: orphan.executionArn,
          step: null,
          before: orphan.lease.lastWritten ?? null,
          after: null,
          reason: `safety net: could not restore router ${orphan.lease.routerArn} (${name}); lease kept, next sweep retries — restore by hand if this repeats`,
          targetNames: targetNamesOnLease(orphan.lease),
        }),
      );
    }
  }
  return result;
}

function eventOrphans(input: StatusChangeEvent, active: readonly Lease[]): Orphan[] {
  const executionArn = input.detail?.executionArn;
  const status = input.detail?.status as ExecutionStatusValue | undefined;
  if (!executionArn || !status || !STOPPED.includes(status)) return [];
  const stoppedAt = typeof input.detail?.stopDate === 'number' ? input.detail.stopDate : undefined;
  return active
    .filter((lease) => lease.owner === executionArn || lease.owner === `${SWEEPER_PREFIX}${executionArn}`)
    .map((lease) => ({ lease, executionArn, stoppedAt, firstPass: lease.owner === executionArn }));
}

async function sweepOrphans(active: readonly Lease[], deps: UseCaseDeps): Promise<Orphan[]> {
  const orphans: Orphan[] = [];
  const now = deps.clock.now().getTime();
  for (const lease of active) {
    const swept = lease.owner.startsWith(SWEEPER_PREFIX);
    const executionArn = swept ? lease.owner.slice(SWEEPER_PREFIX.length) : lease.owner;
    const { status, stopDate } = await deps.executions.status(executionArn);
    const stoppedAt = stopDate ? Date.parse(stopDate) : undefined;
    const gone = STOPPED.includes(status) || (status === 'NOT_FOUND' && Date.parse(lease.expiresAt) <= now);
    if (swept || gone) orphans.push({ lease, executionArn, stoppedAt, firstPass: !swept });
  }
  return orphans;
}

async function reconcile(
  orphan: Orphan,
  deps: UseCaseDeps,
): Promise<{ restored: boolean; released: boolean }> {
  const now = deps.clock.now();
  const routerArn = orphan.lease.routerArn;
  const lease = await deps.leases.takeOver({
    routerArn,
    owner: `${SWEEPER_PREFIX}${orphan.executionArn}`,
    expectedToken: orphan.lease.token,
    ttlSeconds: TAKEOVER_TTL_SECONDS,
    now,
  });
  // The test route goes on every path, drift included: it is ours, unlike the operator's weights.
  await closeTestRoute(
    { lease, token: lease.token, executionArn: orphan.executionArn, who: 'cutover-safety-net' },
    deps,
  );
  if (orphan.lease.driftDetected) {
    return releaseAfterDrift(orphan, orphan.lease.driftDetected, lease.token, deps);
  }
  const snapshot = orphan.lease.snapshot;
  let restored = false;
  if (snapshot) {
    const routerRef = routerRefFromArn(routerArn);
    const router = deps.routerFor(routerRef);
    const scope: DriftScope = {
      routerArn,
      token: lease.token,
      subject: `router ${routerArn} (safety net)`,
      targetNames: targetNamesOnLease(lease),
    };
    // Someone set these weights after the execution stopped (or after our last restore): theirs.
    const live = await router.getWeights();
    const drift = driftFrom(lease, live);
    if (drift) return driftFound(orphan, scope, drift, deps);
    if (!sameWeights(live, snapshot.weights)) await requireLiveRetreat(snapshot.weights, routerRef, deps);
    // The restore writes only over weights of ours: an edit since the read above is theirs too.
    const result = await restoreOverOurWeights(router, snapshot, lease);
    if (!result.restored) {
      return driftFound(
        orphan,
        scope,
        { expected: lease.lastWritten ?? snapshot.weights, live: result.live },
        deps,
      );
    }
    restored = true;
    await deps.leases.update(routerArn, lease.token, { lastWritten: snapshot.weights, remove: ['approval'] });
  }
  if ((await deps.ledger.status(orphan.executionArn)) === 'OPEN') {
    await deps.ledger.close({
      executionArn: orphan.executionArn,
      outcome: 'restored_by_safety_net',
      at: now.toISOString(),
    });
  }
  const reason = snapshot
    ? `safety net: execution ${orphan.executionArn} stopped; snapshot restored and verified (${formatWeights(snapshot.weights)})`
    : `safety net: execution ${orphan.executionArn} stopped before its snapshot; nothing to restore`;
  if (orphan.firstPass) {
    await deps.audit.record({
      at: now.toISOString(),
      planName: orphan.lease.planName,
      executionArn: orphan.executionArn,
      routerArn,
      action: 'restore',
      token: lease.token,
      ...(snapshot ? { after: snapshot.weights } : {}),
      who: 'cutover-safety-net',
      reason,
    });
    if (snapshot) {
      await deps.events.emit(
        cutoverEvent(CutoverEventType.RolledBack, {
          planName: orphan.lease.planName,
          executionArn: orphan.executionArn,
          step: null,
          before: orphan.lease.lastWritten ?? null,
          after: snapshot.weights,
          reason,
          targetNames: targetNamesOnLease(orphan.lease),
        }),
      );
    }
  }
  const graceOver =
    orphan.stoppedAt === undefined || now.getTime() - orphan.stoppedAt >= WRITER_GRACE_SECONDS * 1000;
  if (graceOver || !snapshot) {
    await deps.leases.release(routerArn, lease.token);
  } else {
    deps.log.info('keeping the lease until late writers are impossible; the next sweep re-verifies', {
      routerArn,
    });
  }
  deps.log.info(reason, { routerArn, token: lease.token });
  return { restored, released: graceOver || !snapshot };
}

/**
 * Make-before-break for the safety net too: a snapshot target with weight and no healthy target
 * cannot take the traffic back, so nothing is written and the sweep pages (RetreatUnavailable)
 * until it recovers or a human moves the traffic and releases the lease. Unknown health is not
 * dead: the restore itself says whether the target group still exists.
 */
async function requireLiveRetreat(
  snapshotWeights: Weights,
  routerRef: ReturnType<typeof routerRefFromArn>,
  deps: UseCaseDeps,
): Promise<void> {
  const health = deps.healthFor(routerRef);
  for (const [arn, weight] of Object.entries(snapshotWeights)) {
    if (weight <= 0) continue;
    const healthy = await health.health(arn).then(
      (counts) => counts.healthy,
      () => undefined,
    );
    if (healthy === 0) {
      throw new RetreatUnavailableError(
        `router ${routerRef.arn}: snapshot target group ${arn} has 0 healthy targets; holding the weights instead of restoring onto it — ` +
          'bring it back, or move the traffic by hand and `cutover release`',
      );
    }
  }
}

/** Weights someone else set, found by the safety net itself: marked on the lease like the cutover's own finding. */
async function driftFound(
  orphan: Orphan,
  scope: DriftScope,
  drift: { expected: Weights; live: Weights },
  deps: UseCaseDeps,
): Promise<{ restored: boolean; released: boolean }> {
  const record = await recordDrift(deps, scope, drift.expected, drift.live);
  return releaseAfterDrift({ ...orphan, firstPass: true }, record, scope.token, deps);
}

/** The owner stopped after finding drift (its own release failed): the live weights are the operator's. */
async function releaseAfterDrift(
  orphan: Orphan,
  drift: DriftRecord,
  token: number,
  deps: UseCaseDeps,
): Promise<{ restored: boolean; released: boolean }> {
  const now = deps.clock.now();
  const routerArn = orphan.lease.routerArn;
  if ((await deps.ledger.status(orphan.executionArn)) === 'OPEN') {
    await deps.ledger.close({ executionArn: orphan.executionArn, outcome: 'drift', at: now.toISOString() });
  }
  const byName = (weights: Weights) => byTargetName(weights, drift.targetNames ?? {});
  const reason =
    `safety net: execution ${orphan.executionArn} stopped after detecting drift — expected ${formatWeights(byName(drift.expected))}, ` +
    `live ${formatWeights(byName(drift.live))}; nothing was written, lease released; restoring is a human decision (\`cutover preview\`)`;
  if (orphan.firstPass) {
    await deps.audit.record({
      at: now.toISOString(),
      planName: orphan.lease.planName,
      executionArn: orphan.executionArn,
      routerArn,
      action: 'drift',
      token,
      before: drift.expected,
      after: drift.live,
      who: 'cutover-safety-net',
      reason,
    });
    await deps.events.emit(
      cutoverEvent(CutoverEventType.DriftDetected, {
        planName: orphan.lease.planName,
        executionArn: orphan.executionArn,
        step: null,
        before: drift.expected,
        after: drift.live,
        reason,
        targetNames: drift.targetNames ?? targetNamesOnLease(orphan.lease),
      }),
    );
  }
  await deps.leases.release(routerArn, token);
  deps.log.info(reason, { routerArn, token });
  return { restored: false, released: true };
}

/** The plan's target names as the lease remembers them (the safety net runs without the plan). */
function targetNamesOnLease(lease: Lease): TargetNames {
  return lease.driftDetected?.targetNames ?? lease.snapshot?.targetNames ?? {};
}
