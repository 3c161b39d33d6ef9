import { type CommandSpec, runCommand } from '../command.ts';
import type { CliIo } from '../io.ts';
import { ExitCode } from '../io.ts';
import { loadPlanInput } from '../ops/plan-input.ts';
import { isCampaignFile } from './campaign-file.ts';
import { renderCampaignInput } from './campaign-render.ts';

export const spec: CommandSpec = {
  name: 'render',
  usage: 'render <plan|campaign>',
  description: [
    'Print the plan as the JSON execution input of the Cutover state machine, ready to paste into the',
    'Step Functions console (Start execution → Input). The plan is validated first: an invalid plan',
    'prints its problems and exits 2. Keys are sorted, so the same plan always renders the same text.',
    'A plan whose notAfter has passed still renders; the state machine refuses it when started.',
    "A campaign file (top-level `campaign:`) renders as the campaign state machine's input: its stages, each",
    'plan, and each child execution name (the name `cutover start` gives that plan).',
  ].join('\n'),
  flags: {},
  positionals: { min: 1, max: 1, names: '<plan>' },
};

export function run(argv: readonly string[], io: CliIo): Promise<number> {
  return runCommand(spec, argv, io, async ({ positionals }) => {
    if (await isCampaignFile(positionals[0] as string, io.cwd))
      return renderCampaignInput(positionals[0] as string, io);
    const { input } = await loadPlanInput(positionals[0] as string, io);
    io.stdout.write(`${JSON.stringify(JSON.parse(input), null, 2)}\n`);
    return ExitCode.Ok;
  });
}
