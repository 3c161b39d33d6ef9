import { CutoverEventType } from '#ports/event-sink';
import type { Sandbox } from '../sandbox/sandbox.ts';
import type { VirtualClock } from '../virtual-clock.ts';

/** One lifecycle hook's final answer in a rehearsal (`hooks` in the `--json` summary; an addition). */
export interface HookResult {
  readonly point: string;
  readonly verdict: 'pass' | 'fail';
  readonly atSeconds: number;
  /** Calls the sandbox's hook endpoint received for this point so far (redeliveries and retryLater included). */
  readonly calls: number;
  readonly reason: string;
}

/** The `Cutover Hook Answered` events of the run, in order, with the calls behind each. */
export function hookResults(sandbox: Sandbox, clock: VirtualClock): HookResult[] {
  return sandbox.events
    .filter((event) => event.detailType === CutoverEventType.HookAnswered)
    .map((event) => {
      const reason = String((event.detail as { reason?: unknown }).reason ?? '');
      const point = /^hook (\w+) /.exec(reason)?.[1] ?? 'unknown';
      return {
        point,
        verdict: / passed after /.test(reason) ? ('pass' as const) : ('fail' as const),
        atSeconds: clock.secondsAt(event.at),
        calls: sandbox.hooks.calls.filter((call) => call.point === point && call.at <= event.at).length,
        reason,
      };
    });
}
