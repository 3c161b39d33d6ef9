import type { CliIo } from '#cli/io';

/** A CliIo that records what a command prints. */
export function captureIo(opts: { cwd?: string } = {}): CliIo & { out(): string; err(): string } {
  let stdout = '';
  let stderr = '';
  return {
    stdout: {
      write: (text: string) => {
        stdout += text;
      },
      isTTY: false,
    },
    stderr: {
      write: (text: string) => {
        stderr += text;
      },
    },
    env: {},
    cwd: opts.cwd ?? process.cwd(),
    out: () => stdout,
    err: () => stderr,
  };
}
