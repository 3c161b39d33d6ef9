/** What a command writes to and reads from; injectable so tests capture output without a terminal. */
export interface CliIo {
  readonly stdout: { write(text: string): void; readonly isTTY?: boolean };
  readonly stderr: { write(text: string): void };
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly cwd: string;
}

export const processIo: CliIo = {
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  cwd: process.cwd(),
};

/** Exit codes of every command (DESIGN.md §8). */
export const ExitCode = {
  Ok: 0,
  /** The cutover did not succeed: rolled back, paused, rejected, failed. */
  NotSucceeded: 1,
  /** Invalid input: plan, scenario, flags. */
  InvalidInput: 2,
  /** Environment: credentials, access denied, unreachable. */
  Environment: 3,
} as const;

/** A command module: `cli/commands/<name>.ts` exports `run`. */
export type CommandRun = (argv: readonly string[], io: CliIo) => Promise<number>;
