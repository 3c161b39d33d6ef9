import { AlbTrafficRouter } from '../../shared/aws/alb-traffic-router.ts';
import { readCallerIdentity } from '../../shared/aws/caller-identity.ts';
import { StepFunctionsControl } from '../../shared/aws/sfn-control.ts';
import { ErrorName } from '../../shared/core/errors.ts';
import { routerRefFromArn } from '../../shared/core/router-ref.ts';
import { toTargetNameWeights } from '../../shared/core/target-weights.ts';
import { SWEEPER_PREFIX } from '../../shared/core/use-cases/safety-net.ts';
import { formatWeights, type Weights } from '../../shared/core/weights.ts';
import type { ResolvedPlan, RouterRef } from '../../shared/plan/types.ts';
import type { Lease, LeaseStore } from '../../shared/ports/lease-store.ts';
import {
  booleanFlag,
  type CommandSpec,
  deploymentFlags,
  jsonFlag,
  type ParsedArgs,
  runCommand,
  stringFlag,
  tableFlag,
} from '../command.ts';
import { awsCall, CliFailure, environmentFailure, toCliFailure, usageFailure } from '../failure.ts';
import type { CliIo } from '../io.ts';
import { ExitCode } from '../io.ts';
import { regionOfArn, resolveTableName } from '../ops/deployment.ts';
import { defaultOpsDeps, type OpsDeps } from '../ops/deps.ts';
import { messageStream, writeJson } from '../ops/output.ts';
import { loadPlanInput } from '../ops/plan-input.ts';
import { auditLog, leaseStore } from '../ops/stores.ts';

export const spec: CommandSpec = {
  name: 'release',
  usage:
    'release <plan | router-arn> --reason <text> [--json] [--stack <name> | --table <name>] [--region <r>]',
  description: [
    "Release a router's lease after a human restored the router by hand. When a rollback fails (e.g. a",
    'target group of the snapshot was deleted), Cutover keeps the lease and the safety net retries — and',
    'pages — every 5 minutes, and no cutover can run on that router. Once the router serves what it',
    'should (fixed in the console), release tells Cutover so.',
    '',
    'Refuses (exit 1) while the lease owner is a running execution: use `cutover abort` for that. Else it',
    'takes the lease over with a higher fencing token (so a late writer of the old owner fails its',
    "check), releases it, prints the router's live weights and records who, why, the token and those",
    'weights in the audit log. It never writes the router. Exit 0 also when there is nothing to release.',
  ].join('\n'),
  flags: {
    reason: {
      type: 'string',
      placeholder: 'text',
      description: 'required: what was done to the router by hand (recorded in the audit log)',
    },
    ...jsonFlag,
    stack: deploymentFlags.stack as CommandSpec['flags'][string],
    ...tableFlag,
    region: {
      type: 'string',
      placeholder: 'region',
      description:
        "AWS region of the stack or table (default: AWS_REGION / AWS_DEFAULT_REGION, else the router's)",
    },
  },
  positionals: { min: 1, max: 1, names: '<plan | router-arn>' },
};

/** The owner a human release takes the lease over as; never an execution, so the sweeper leaves it be. */
export const HUMAN_PREFIX = 'human:';
/** Long enough for the release that follows; if the CLI dies in between, the lease frees itself soon. */
const TAKEOVER_TTL_SECONDS = 300;
const EXECUTION_ARN = /^arn:aws[a-z-]*:states:[a-z0-9-]+:\d{12}:execution:/;

export type ReleaseResult =
  | {
      readonly released: true;
      readonly routerArn: string;
      readonly planName: string;
      /** Who held the lease: an execution ARN, `sweeper:<execution>` (the safety net) or `human:<arn>`. */
      readonly previousOwner: string;
      /** The fencing token the lease was released with (the old one + 1). */
      readonly token: number;
      readonly by: string;
      readonly reason: string;
      readonly at: string;
      /** What the router serves now: by target name when a plan was given, else by target group ARN. */
      readonly liveWeights: Weights | null;
      /** Why the live weights could not be read (the release stands regardless). */
      readonly liveWeightsError?: string;
      /** The snapshot taken before the cutover (what rollbacks restore), keyed like liveWeights. */
      readonly snapshotWeights: Weights | null;
    }
  | {
      readonly released: false;
      readonly routerArn: string;
      readonly nothingToRelease: 'no lease' | 'already released';
    };

export function run(argv: readonly string[], io: CliIo, deps: OpsDeps = defaultOpsDeps()): Promise<number> {
  return runCommand(spec, argv, io, async (args) => {
    const json = booleanFlag(args, 'json');
    const reason = stringFlag(args, 'reason')?.trim();
    if (!reason) {
      throw usageFailure(
        '--reason <text> is required: say what was done to the router by hand (recorded in the audit log); see cutover release --help',
      );
    }
    const { router, plan } = await routerOf(args.positionals[0] as string, io);
    const table = await resolveTableName(withRegion(args, io, router.region), io, deps);
    const leases = await leaseStore(deps, table);
    const lease = await awsCall(`reading the lease of router ${router.arn}`, () => leases.read(router.arn));
    const say = messageStream(io, json);

    if (!lease || lease.released) {
      const nothing = lease ? 'already released' : 'no lease';
      say.write(
        `router ${router.arn}: nothing to release (${lease ? `lease already released, token ${lease.token}` : `no lease in table ${table.tableName}`}); a cutover may run on it\n`,
      );
      if (json)
        writeJson(io, {
          released: false,
          routerArn: router.arn,
          nothingToRelease: nothing,
        } satisfies ReleaseResult);
      return ExitCode.Ok;
    }

    const previousOwner = await describeStoppedOwner(lease, deps);
    const identity = await awsCall('reading the caller identity (sts:GetCallerIdentity)', () =>
      readCallerIdentity(deps.clientsFor(table.region).sts),
    );
    const now = deps.clock.now();
    const token = await takeOverAndRelease(leases, lease, `${HUMAN_PREFIX}${identity.arn}`, now);

    const live = await readLiveWeights(router, deps);
    const at = now.toISOString();
    const executionArn = lease.owner.startsWith(SWEEPER_PREFIX)
      ? lease.owner.slice(SWEEPER_PREFIX.length)
      : lease.owner;
    try {
      const audit = await auditLog(deps, table);
      await audit.record({
        at,
        planName: lease.planName,
        executionArn,
        routerArn: router.arn,
        action: 'release',
        token,
        ...(live.weights ? { after: live.weights } : {}),
        who: identity.arn,
        reason: `released by hand (previous owner ${lease.owner}): ${reason}`,
      });
    } catch (error) {
      const failure = toCliFailure(error, 'recording the release in the audit log');
      throw environmentFailure(
        `router ${router.arn}: the lease IS released (token ${token}), but ${failure.message}; note the release (who, why, token) where your team keeps incident records`,
        error,
      );
    }

    const shown = (weights: Weights) => (plan ? toTargetNameWeights(plan, weights) : weights);
    const liveShown = live.weights ? shown(live.weights) : null;
    const snapshotShown = lease.snapshot ? shown(lease.snapshot.weights) : null;
    const summary = [
      `released the lease on ${router.kind} ${router.arn} (plan ${lease.planName}, token ${token}); it was held by ${previousOwner}`,
      liveShown
        ? `the router serves now: ${formatWeights(liveShown)}`
        : `the router's live weights could not be read (${live.error}); check it in the console`,
      ...(snapshotShown
        ? [
            `the snapshot taken before the cutover (what a rollback restores): ${formatWeights(snapshotShown)}`,
          ]
        : []),
      `recorded in the audit log: release by ${identity.arn}: ${reason}`,
      'the safety net no longer retries this router, and a cutover may run on it again',
      // A human release never writes the load balancer, so the plan's test route is left for the human too.
      ...(lease.testRoute
        ? [
            `the test route ${lease.testRoute.header}: ${lease.testRoute.value} (${lease.testRoute.ruleArn ?? `a rule on ${lease.testRoute.listenerArn}`}) may still forward to the destination; delete it: aws elbv2 delete-rule --rule-arn <that rule>`,
          ]
        : []),
    ];
    say.write(`${summary.join('\n')}\n`);
    if (json) {
      const result: ReleaseResult = {
        released: true,
        routerArn: router.arn,
        planName: lease.planName,
        previousOwner: lease.owner,
        token,
        by: identity.arn,
        reason,
        at,
        liveWeights: liveShown,
        ...(live.error !== undefined ? { liveWeightsError: live.error } : {}),
        snapshotWeights: snapshotShown,
      };
      writeJson(io, result);
    }
    return ExitCode.Ok;
  });
}

/** `<plan | router-arn>`: a router ARN needs no plan; a plan also names the target groups. */
async function routerOf(ref: string, io: CliIo): Promise<{ router: RouterRef; plan?: ResolvedPlan }> {
  if (!ref.startsWith('arn:')) {
    // No stale check: a plan past its notAfter still names the router whose lease is stuck.
    const { plan } = await loadPlanInput(ref, io);
    return { router: plan.router, plan };
  }
  try {
    return { router: routerRefFromArn(ref) };
  } catch (error) {
    throw usageFailure(
      `${(error as Error).message}; expected a listener or listener-rule ARN, or a plan file`,
    );
  }
}

/** The table's region defaults to the router's when neither --region nor the environment gives one. */
function withRegion(args: ParsedArgs, io: CliIo, routerRegion: string): ParsedArgs {
  const region = stringFlag(args, 'region') ?? io.env.AWS_REGION ?? io.env.AWS_DEFAULT_REGION ?? routerRegion;
  return { ...args, flags: { ...args.flags, region } };
}

/**
 * Releasing under a live owner would leave its traffic split half-shifted with nobody to finish or
 * roll it back, so the owner must have stopped. Returns the owner in words for the summary.
 */
async function describeStoppedOwner(lease: Lease, deps: OpsDeps): Promise<string> {
  const owner = lease.owner;
  if (owner.startsWith(SWEEPER_PREFIX)) {
    return `the safety net (execution ${owner.slice(SWEEPER_PREFIX.length)} had stopped)`;
  }
  if (owner.startsWith(HUMAN_PREFIX)) return `an unfinished release by ${owner.slice(HUMAN_PREFIX.length)}`;
  if (EXECUTION_ARN.test(owner)) {
    const region = regionOfArn(owner) as string;
    const sfn = new StepFunctionsControl({ client: deps.clientsFor(region).sfn });
    const execution = await awsCall(`reading execution ${owner}`, () => sfn.describeIfExists(owner));
    if (execution?.status === 'RUNNING') {
      throw new CliFailure(
        ExitCode.NotSucceeded,
        `router ${lease.routerArn}: its lease is held by execution ${owner}, which is still RUNNING; releasing would leave its split unowned — use cutover abort ${owner} (--force if it is stuck); nothing was changed`,
      );
    }
    if (execution) return `execution ${owner} (${execution.status})`;
  }
  // Not an execution Step Functions knows (a local run, `cutover run --local`): alive until its lease expires.
  const expiresAt = Date.parse(lease.expiresAt);
  if (expiresAt > deps.clock.now().getTime()) {
    throw new CliFailure(
      ExitCode.NotSucceeded,
      `router ${lease.routerArn}: its lease is held by ${owner}, which Step Functions does not know (a local run?), until ${lease.expiresAt}; if that run is still going, stop it (Ctrl-C rolls back); otherwise run cutover release again after ${lease.expiresAt}; nothing was changed`,
    );
  }
  return `${owner} (not running; lease expired ${lease.expiresAt})`;
}

/**
 * Takes the lease over at token + 1 and releases it with that token: every writer still holding
 * the old token fails its fencing check from now on. Returns the token released with.
 */
async function takeOverAndRelease(
  leases: LeaseStore,
  lease: Lease,
  owner: string,
  now: Date,
): Promise<number> {
  try {
    const taken = await leases.takeOver({
      routerArn: lease.routerArn,
      owner,
      expectedToken: lease.token,
      ttlSeconds: TAKEOVER_TTL_SECONDS,
      now,
    });
    await leases.release(lease.routerArn, taken.token);
    return taken.token;
  } catch (error) {
    if (error instanceof Error && error.name === ErrorName.LeaseLost) {
      throw new CliFailure(
        ExitCode.NotSucceeded,
        `router ${lease.routerArn}: the lease changed hands while releasing it (read token ${lease.token}; ${error.message}); run cutover release again to see who holds it now`,
      );
    }
    throw toCliFailure(error, `releasing the lease of router ${lease.routerArn}`);
  }
}

/** Read-only: the release stands even when the router cannot be read (e.g. a listener deleted by hand). */
async function readLiveWeights(
  router: RouterRef,
  deps: OpsDeps,
): Promise<{ weights?: Weights; error?: string }> {
  const alb = new AlbTrafficRouter({
    client: deps.clientsFor(router.region).elbv2,
    router,
    clock: deps.clock,
  });
  try {
    return { weights: await alb.getWeights() };
  } catch (error) {
    return { error: toCliFailure(error, `reading ${router.kind} ${router.arn}`).message };
  }
}
