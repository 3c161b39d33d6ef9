import { formatWeights } from '#core/weights';
import { formatDuration } from '#plan/index';
import type { ExecutionView } from './execution-view.ts';
import { type TerminalOut, type TerminalProgress, terminalProgress } from './terminal-progress.ts';

const ago = (seconds: number | null) => (seconds === null ? '' : formatDuration(seconds));

function stepText(view: ExecutionView): string {
  if (!view.step) return 'before the first step';
  const count = view.step.count > 0 ? `/${view.step.count}` : '';
  return `step ${view.step.index + 1}${count}`;
}

function gatesText(view: ExecutionView): string {
  // `gates` is the summary EvaluateGates gives (its decision), not one named gate.
  return view.gates
    .map((g) => `${g.gate === 'gates' ? '' : `${g.gate} `}${g.verdict}${g.reason ? ` (${g.reason})` : ''}`)
    .join(', ');
}

/** The multi-line block a terminal shows and redraws. */
export function statusLines(view: ExecutionView): string[] {
  const lines = [
    `${view.planName ?? view.name}  ${view.status}${view.outcome !== 'running' ? ` (${view.outcome})` : ''}  ${view.executionArn}`,
    `phase ${view.phase ?? '—'}${view.secondsInPhase !== null ? ` for ${ago(view.secondsInPhase)}` : ''}`,
    [
      stepText(view),
      view.weights ? `weights ${formatWeights(view.weights)}` : undefined,
      view.secondsInStep !== null && view.step ? `in step ${ago(view.secondsInStep)}` : undefined,
      view.secondsLeft !== null ? `bake left ~${ago(view.secondsLeft)}` : undefined,
    ]
      .filter(Boolean)
      .join('  '),
  ];
  if (view.gates.length > 0) lines.push(`gates ${gatesText(view)}`);
  if (view.approvalWaiting) {
    const step = view.approvalWaiting.step === null ? '' : ` before step ${view.approvalWaiting.step + 1}`;
    lines.push(
      `approval waiting${step} since ${view.approvalWaiting.since}: cutover approve|reject ${view.executionArn} --reason "…"`,
    );
  }
  if (view.abortRequested) {
    lines.push(
      `abort requested by ${view.abortRequested.by} at ${view.abortRequested.at}: ${view.abortRequested.reason}`,
    );
  }
  if (view.lease) lines.push(`lease held (token ${view.lease.token}, expires ${view.lease.expiresAt})`);
  if (view.error) lines.push(`${view.error}: ${view.cause ?? ''}`.trim());
  return lines;
}

/** One plain line: what a log, a pipeline or `--json` mode's stderr gets. */
export function statusLine(view: ExecutionView, now: Date): string {
  const parts = [
    view.status === 'RUNNING' ? stepText(view) : `${view.status} (${view.outcome})`,
    view.weights ? formatWeights(view.weights) : undefined,
    view.phase ? `phase ${view.phase}` : undefined,
    view.gates.length > 0 ? `gates ${gatesText(view)}` : undefined,
    view.approvalWaiting ? 'approval waiting' : undefined,
    view.abortRequested ? 'abort requested' : undefined,
    view.secondsInStep !== null && view.step && view.status === 'RUNNING'
      ? `in step ${ago(view.secondsInStep)}`
      : undefined,
    view.secondsLeft !== null ? `left ~${ago(view.secondsLeft)}` : undefined,
    view.error ? `${view.error}: ${view.cause ?? ''}`.trim() : undefined,
  ];
  return `[${now.toISOString().replace(/\.\d{3}Z$/, 'Z')}] ${parts.filter(Boolean).join(' · ')}`;
}

/** What changes worth a new plain line (not the ticking clocks). */
function signature(view: ExecutionView): string {
  return JSON.stringify([
    view.status,
    view.phase,
    view.step,
    view.weights,
    view.gates,
    view.approvalWaiting,
    view.abortRequested,
  ]);
}

/**
 * Shows progress while following an execution, through the one terminal renderer: on a TTY, the
 * status block redrawn in place; otherwise one plain line each time something changes.
 */
export class ProgressPrinter {
  readonly #terminal: TerminalProgress;
  #lastSignature = '';

  constructor(out: TerminalOut) {
    this.#terminal = terminalProgress(out);
  }

  update(view: ExecutionView, now: Date): void {
    const sig = signature(view);
    const changed = sig !== this.#lastSignature;
    this.#lastSignature = sig;
    this.#terminal.show(statusLines(view), changed ? { plain: statusLine(view, now) } : {});
  }
}

/** The last line after following an execution: how it ended and what to do next. */
export function outcomeMessage(view: ExecutionView): string {
  const who = `cutover ${view.planName ?? view.name}`;
  switch (view.outcome) {
    case 'succeeded':
      return `${who} succeeded`;
    case 'running':
      return `${who} is running`;
    case 'paused':
      return `${who} paused and waits for a human: cutover approve (continue) or cutover reject (roll back) ${view.executionArn}`;
    case 'aborted':
      return `${who} was stopped (ABORTED); the safety net restores the router's snapshot within minutes — check with cutover status ${view.executionArn}`;
    default:
      return `${who} did not succeed: ${view.outcome}${view.error ? ` — ${view.error}: ${view.cause ?? ''}` : ''}`.trim();
  }
}
