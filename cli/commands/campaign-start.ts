import { loadCampaign } from '#campaign/load';
import type { ResolvedCampaign } from '#campaign/types';
import type { CampaignView } from '#core/campaign/campaign-view';
import { type StartCampaignResult, startCampaign } from '#core/campaign/start-campaign';
import { formatProblem, staleProblem } from '#plan/index';
import {
  booleanFlag,
  type CommandSpec,
  deploymentFlags,
  jsonFlag,
  runCommand,
  tableFlag,
} from '../command.ts';
import { usageFailure } from '../failure.ts';
import { type CliIo, ExitCode } from '../io.ts';
import { campaignMachineFlag } from '../ops/campaign-deployment.ts';
import { followAndPrint } from '../ops/campaign-follow.ts';
import { campaignCall, campaignContext } from '../ops/campaign-ops.ts';
import { CAMPAIGN_EXIT_CODES, campaignExitCode, campaignLines } from '../ops/campaign-print.ts';
import { defaultOpsDeps, type OpsDeps } from '../ops/deps.ts';
import { executionName } from '../ops/execution-name.ts';
import { messageStream, writeJson } from '../ops/output.ts';
import { pathIn } from './campaign-file.ts';

export const spec: CommandSpec = {
  name: 'campaign start',
  usage: 'campaign start <campaign.yaml> [--wait] [--json] [--stack <name>]',
  description: [
    'Validate the campaign and every plan in it locally, then start the deployed campaign state machine',
    'with it. Nothing is started for an invalid campaign or a stale plan (exit 2).',
    '',
    'The execution is named after the campaign and a hash of its input (<campaign>-<16 hex>), so running',
    'the same campaign again attaches to the campaign already running instead of starting a second one;',
    'each service runs as a child cutover named as `cutover start` names its plan. A campaign that',
    'already ran under this name is reported, not started again: change the file to run it again.',
    '',
    'With --wait it follows the campaign to its end (one line per service that changes state) and exits',
    '0 when every service succeeded, 1 when the campaign halted, was aborted or ended incomplete.',
  ].join('\n'),
  flags: {
    wait: { type: 'boolean', description: 'follow the campaign to its end; the exit code tells the outcome' },
    ...jsonFlag,
    ...campaignMachineFlag,
    ...deploymentFlags,
    ...tableFlag,
  },
  exitCodes: CAMPAIGN_EXIT_CODES,
  positionals: { min: 1, max: 1, names: '<campaign.yaml>' },
};

export interface CampaignStartJson extends Omit<StartCampaignResult, 'view'> {
  readonly execution: CampaignView | null;
}

/** A stale plan in any service would only fail later in its child: refuse it before anything starts. */
function refuseStalePlans(campaign: ResolvedCampaign, file: string, now: Date): void {
  const stale = campaign.services.flatMap((service) => {
    const problem = staleProblem(service.plan, now);
    return problem ? [`  services.${service.name}: ${formatProblem(problem)}`] : [];
  });
  if (stale.length > 0) {
    throw usageFailure(`campaign ${file} has stale plans; nothing was sent to AWS:\n${stale.join('\n')}`);
  }
}

export function run(argv: readonly string[], io: CliIo, deps: OpsDeps = defaultOpsDeps()): Promise<number> {
  return runCommand(spec, argv, io, async (args) => {
    const json = booleanFlag(args, 'json');
    const say = messageStream(io, json);
    const file = args.positionals[0] as string;
    const campaign = await loadCampaign(pathIn(io.cwd, file), file);
    refuseStalePlans(campaign, file, deps.clock.now());
    const ctx = await campaignContext(args, io, deps);
    const started = await campaignCall(`starting ${ctx.deployment.campaignStateMachineArn}`, () =>
      startCampaign(ctx.ports, ctx.deployment, { campaign, nameFor: executionName }),
    );
    let view = started.view;
    if (started.start === 'started') {
      say.write(
        `started ${started.executionArn} for campaign ${campaign.name} (${campaign.services.length} services)\n`,
      );
    } else if (started.start === 'attached') {
      say.write(
        `campaign ${campaign.name}: execution ${started.executionName} is already running; attached to it instead of starting a second one\n`,
      );
    } else {
      say.write(
        `campaign ${campaign.name}: execution ${started.executionName} already ran and ended ${view?.outcome ?? ''}; not started again. ` +
          'To run it again, change the campaign file (e.g. drop the services that succeeded): a changed campaign gets a new execution name\n',
      );
      if (view && !json) say.write(`${campaignLines(view).join('\n')}\n`);
    }
    if (booleanFlag(args, 'wait') && started.start !== 'already_ended') {
      view = await followAndPrint(ctx, started.executionArn, say, deps);
    }
    if (json) {
      const { view: _omitted, ...rest } = started;
      writeJson(io, { ...rest, execution: view } satisfies CampaignStartJson);
    }
    return view ? campaignExitCode(view) : ExitCode.Ok;
  });
}
