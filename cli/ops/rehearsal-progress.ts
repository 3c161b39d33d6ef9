import { formatWeights, type Weights } from '#core/weights';
import { clock } from '#local/rehearsal/report-html';
import type { RehearsalEvent } from '#local/rehearsal/run-rehearsal';
import { CutoverEventType } from '#ports/event-sink';
import { terminalProgress } from './terminal-progress.ts';

const COLORS = ['\u001b[34m', '\u001b[32m', '\u001b[35m', '\u001b[33m', '\u001b[36m'];
const RESET = '\u001b[0m';
const BAR_WIDTH = 30;
/** Redraw the live line at most this often (wall time; the rehearsal itself runs far faster). */
const REDRAW_MS = 40;

/** Events worth a line of their own (the rest only move the live status line). */
const LINE_EVENTS = new Set<string>([
  CutoverEventType.Started,
  CutoverEventType.GateFailed,
  CutoverEventType.RolledBack,
  CutoverEventType.RollbackFailed,
  CutoverEventType.Succeeded,
  CutoverEventType.DriftDetected,
  CutoverEventType.Paused,
]);

export interface ProgressPrinter {
  readonly onEvent: (event: RehearsalEvent) => void;
  /** Clears the live line (TTY) so the summary prints on a clean line. */
  finish(): void;
}

/**
 * Live progress of a rehearsal. On a terminal: one status line redrawn in place (virtual time,
 * step, weights as a bar, the last gate verdicts) with notable moments printed above it. Otherwise:
 * plain lines only — weight changes, faults, approvals and the cutover's events.
 */
export function progressPrinter(opts: {
  readonly write: (text: string) => void;
  readonly tty: boolean;
  readonly targets: readonly string[];
  readonly stepCount: number;
}): ProgressPrinter {
  const { targets } = opts;
  const terminal = terminalProgress({ write: opts.write }, { tty: opts.tty, minRedrawMs: REDRAW_MS });
  let weights: Weights = {};
  let step = '';
  let gates = '';
  let at = 0;

  const bar = (shares: Weights): string => {
    // Cumulative rounding: the segments always add up to exactly BAR_WIDTH cells.
    let text = '';
    let cumulative = 0;
    let drawn = 0;
    targets.forEach((name, index) => {
      cumulative += shares[name] ?? 0;
      const end = Math.round((cumulative * BAR_WIDTH) / 100);
      text += `${COLORS[index % COLORS.length]}${'█'.repeat(Math.max(0, end - drawn))}${RESET}`;
      drawn = Math.max(drawn, end);
    });
    return text;
  };
  const status = (): string => {
    const legend = targets
      .map((name, index) => `${COLORS[index % COLORS.length]}${name}${RESET} ${weights[name] ?? 0}%`)
      .join('  ');
    return `${clock(at).padStart(9)}  ${step.padEnd(9)} ${bar(weights)} ${legend}  ${gates}`;
  };
  // Colours and the bar are built only where they are drawn: plain output never carries an escape code.
  const line = (text: string) =>
    terminal.record(`${clock(at).padStart(9)}  ${text}`, terminal.live ? [status()] : []);
  const draw = () => {
    if (terminal.live) terminal.show([status()]);
  };

  const onEvent = (event: RehearsalEvent): void => {
    switch (event.kind) {
      case 'weights':
        at = event.atSeconds;
        weights = event.weights;
        line(
          `${event.by === 'initial' ? 'start   ' : event.by === 'drift' ? 'DRIFT   ' : 'weights '} ${formatWeights(event.weights)}${event.by === 'initial' || event.by === 'drift' ? '' : ` (${event.by})`}`,
        );
        return;
      case 'fault':
        at = event.fault.atSeconds;
        line(`fault    ${event.fault.description}`);
        return;
      case 'approval':
        at = event.atSeconds;
        line(`approval step ${event.step + 1}/${opts.stepCount}: ${event.answer}`);
        return;
      case 'poll':
        at = event.poll.atSeconds;
        gates = `gates ${event.poll.verdict}${event.poll.verdict === 'pass' ? '' : ` (${event.poll.verdicts.filter((v) => !v.endsWith(':pass')).join(', ')})`}`;
        draw();
        return;
      case 'state':
        at = event.atSeconds;
        draw();
        return;
      case 'event':
        at = event.event.atSeconds;
        if (event.event.type === CutoverEventType.StepStarted && event.event.step !== null) {
          step = `step ${event.event.step + 1}/${opts.stepCount}`;
          line(`${step} started`);
        } else if (LINE_EVENTS.has(event.event.type)) {
          line(
            `${event.event.type
              .replace(/^Cutover /, '')
              .toLowerCase()
              .padEnd(8)} ${event.event.reason}`,
          );
        }
        return;
    }
  };
  return { onEvent, finish: () => terminal.clear() };
}
