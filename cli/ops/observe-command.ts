import { booleanFlag, type ParsedArgs } from '../command.ts';
import type { CliIo } from '../io.ts';
import type { OpsDeps } from './deps.ts';
import { exitCodeOf } from './execution-view.ts';
import { ExecutionObserver, followExecution } from './follow.ts';
import { locateExecution } from './locate.ts';
import { messageStream, writeJson } from './output.ts';
import { outcomeMessage, ProgressPrinter, statusLines } from './progress.ts';
import { optionalLeaseStore } from './stores.ts';

/** `status` (one look) and `watch` (follow to the end) share everything but the loop. */
export async function observeCommand(
  args: ParsedArgs,
  io: CliIo,
  deps: OpsDeps,
  mode: 'once' | 'follow',
): Promise<number> {
  const json = booleanFlag(args, 'json');
  const located = await locateExecution(args.positionals[0] as string, args, io, deps);
  const observer = new ExecutionObserver(
    {
      sfn: located.sfn,
      clock: deps.clock,
      leases: await optionalLeaseStore(args, io, deps, located.deployment),
    },
    located.execution.executionArn,
  );
  const view =
    mode === 'once'
      ? await observer.poll(located.execution)
      : await followExecution(observer, new ProgressPrinter(messageStream(io, json)), {
          clock: deps.clock,
          pollIntervalMs: deps.pollIntervalMs,
          first: located.execution,
        });
  if (json) writeJson(io, view);
  else if (mode === 'once') io.stdout.write(`${statusLines(view).join('\n')}\n`);
  else io.stdout.write(`${outcomeMessage(view)}\n`);
  return exitCodeOf(view);
}
