import type { CliIo } from '../io.ts';

/** The `--json` document: pretty, one per run, the last thing on stdout. */
export function writeJson(io: CliIo, value: unknown): void {
  io.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

/**
 * Where human-readable messages go: stdout normally, stderr under `--json` so that stdout carries
 * exactly one JSON document.
 */
export function messageStream(
  io: CliIo,
  json: boolean,
): { write(text: string): void; readonly isTTY?: boolean } {
  return json ? io.stderr : io.stdout;
}

/** Columns padded to the widest cell; for `schedules` and `history`. */
export function table(rows: readonly (readonly string[])[]): string {
  const widths: number[] = [];
  for (const row of rows) {
    for (const [i, cell] of row.entries()) widths[i] = Math.max(widths[i] ?? 0, cell.length);
  }
  return rows
    .map((row) =>
      row.map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i] ?? 0))).join('  '),
    )
    .join('\n');
}
