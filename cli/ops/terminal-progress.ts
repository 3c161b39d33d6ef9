/**
 * The one terminal renderer for progress (`rehearse`, `run`, `watch`, `start --wait`). On a terminal:
 * a live area of one or more lines redrawn in place, with lines of record printed above it. Anywhere
 * else (a pipe, a CI log, NO_COLOR, TERM=dumb): plain lines only, never an escape code.
 *
 * The live area always ends with a newline, so whatever a command prints after it starts on a line of
 * its own; it is erased line by line (up one, clear it) so a one-line area redraws the same way.
 */

export interface TerminalOut {
  write(text: string): void;
  readonly isTTY?: boolean;
}

export interface TerminalProgress {
  /** Whether the live area is drawn (a terminal) or only plain lines are written. */
  readonly live: boolean;
  /**
   * A line that stays: above the live area on a terminal, a plain line elsewhere. The live area is
   * drawn again below it, as `live` when given (forced past the throttle), else as it was.
   */
  record(text: string, live?: readonly string[]): void;
  /**
   * The live area's new content (a terminal only; throttled unless `force`). `plain` is the line to
   * write instead where there is no live area — omit it to write nothing there.
   */
  show(lines: readonly string[], options?: { readonly plain?: string; readonly force?: boolean }): void;
  /** Erases the live area so a closing summary prints on clean lines. */
  clear(): void;
}

export function terminalProgress(
  out: TerminalOut,
  options: {
    /** Redraw at most this often (wall time), e.g. for a rehearsal that runs far faster than real time. */
    readonly minRedrawMs?: number;
    /** Defaults to `out.isTTY`. */
    readonly tty?: boolean;
  } = {},
): TerminalProgress {
  const tty = options.tty ?? out.isTTY === true;
  const minRedrawMs = options.minRedrawMs ?? 0;
  let drawn: readonly string[] = [];
  let lastDraw = Number.NEGATIVE_INFINITY;

  const erase = (): string => '\x1b[1A\r\x1b[2K'.repeat(drawn.length);
  const draw = (lines: readonly string[]) => {
    out.write(`${erase()}${lines.map((line) => `${line}\n`).join('')}`);
    drawn = lines;
    lastDraw = Date.now();
  };

  return {
    live: tty,
    record(text, live) {
      if (!tty) {
        out.write(`${text}\n`);
        return;
      }
      const next = live ?? drawn;
      out.write(`${erase()}${text}\n`);
      drawn = [];
      if (next.length > 0) draw(next);
    },
    show(lines, showOptions = {}) {
      if (!tty) {
        if (showOptions.plain !== undefined) out.write(`${showOptions.plain}\n`);
        return;
      }
      if (!showOptions.force && Date.now() - lastDraw < minRedrawMs) return;
      draw(lines);
    },
    clear() {
      if (tty && drawn.length > 0) out.write(erase());
      drawn = [];
    },
  };
}
