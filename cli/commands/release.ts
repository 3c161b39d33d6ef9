import { type ReleaseResult, releaseLease } from '#core/operations/release';
import { routerRefFromArn } from '#core/router-ref';
import { formatWeights } from '#core/weights';
import type { ResolvedPlan, RouterRef } from '#plan/types';
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
import { toCliFailure, usageFailure } from '../failure.ts';
import type { CliIo } from '../io.ts';
import { ExitCode } from '../io.ts';
import { resolveTableName } from '../ops/deployment.ts';
import { defaultOpsDeps, type OpsDeps, rootOf } from '../ops/deps.ts';
import { operation } from '../ops/operation.ts';
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

/** The `--json` document. */
export type { ReleaseResult };

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
    const root = rootOf(deps);
    const ports = {
      leases: await leaseStore(deps, table),
      audit: await auditLog(deps, table),
      identity: root.identity(table.region),
      clock: deps.clock,
      executionsIn: root.executions,
      routerFor: root.routerFor,
      describeFailure: (error: unknown, doing: string) => toCliFailure(error, doing).message,
    };
    const result = await operation(() => releaseLease({ router, reason, ...(plan ? { plan } : {}) }, ports));
    const say = messageStream(io, json);
    if (!result.released) {
      say.write(
        `router ${router.arn}: nothing to release (${result.releasedToken !== undefined ? `lease already released, token ${result.releasedToken}` : `no lease in table ${table.tableName}`}); a cutover may run on it\n`,
      );
      if (json) {
        const { releasedToken: _, ...nothing } = result;
        writeJson(io, nothing satisfies ReleaseResult);
      }
      return ExitCode.Ok;
    }
    const { previousOwnerDescribed, ...released } = result;
    say.write(`${summaryLines(released, previousOwnerDescribed, router).join('\n')}\n`);
    if (json) writeJson(io, released satisfies ReleaseResult);
    return ExitCode.Ok;
  });
}

function summaryLines(
  result: Extract<ReleaseResult, { released: true }>,
  previousOwner: string,
  router: RouterRef,
): string[] {
  return [
    `released the lease on ${router.kind} ${router.arn} (plan ${result.planName}, token ${result.token}); it was held by ${previousOwner}`,
    result.liveWeights
      ? `the router serves now: ${formatWeights(result.liveWeights)}`
      : `the router's live weights could not be read (${result.liveWeightsError}); check it in the console`,
    ...(result.snapshotWeights
      ? [
          `the snapshot taken before the cutover (what a rollback restores): ${formatWeights(result.snapshotWeights)}`,
        ]
      : []),
    `recorded in the audit log: release by ${result.by}: ${result.reason}`,
    'the safety net no longer retries this router, and a cutover may run on it again',
    // A human release never writes the load balancer, so the plan's test route is left for the human too.
    ...(result.testRoute
      ? [
          `the test route ${result.testRoute.header}: ${result.testRoute.value} (${result.testRoute.ruleArn ?? `a rule on ${result.testRoute.listenerArn}`}) may still forward to the destination; delete it: aws elbv2 delete-rule --rule-arn <that rule>`,
        ]
      : []),
  ];
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
