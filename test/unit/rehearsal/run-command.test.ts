import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { checkFlags, type RunIo, run } from '#cli/commands/run';

function captureIo(stdinIsTty = false): RunIo & { out: () => string; err: () => string } {
  let out = '';
  let err = '';
  const stdin = Object.assign(Readable.from([]), { isTTY: stdinIsTty });
  return {
    stdout: {
      write: (text: string) => {
        out += text;
      },
    },
    stderr: {
      write: (text: string) => {
        err += text;
      },
    },
    stdin,
    env: {},
    cwd: process.cwd(),
    out: () => out,
    err: () => err,
  };
}

describe('cutover run --local: flags and refusals (nothing reaches AWS)', () => {
  it('prints help that explains the lease choice', async () => {
    const io = captureIo();
    expect(await run(['--help'], io)).toBe(0);
    expect(io.out()).toMatch(/--no-lease .*does NOT protect against other writers/s);
  });

  it.each([
    { flags: {}, message: /add --local/ },
    { flags: { local: true }, message: /refusing to run without a lease.*--lease-table.*--no-lease/ },
    { flags: { local: true, 'lease-table': 't', 'no-lease': true }, message: /contradict/ },
  ])('refuses $message', ({ flags, message }) => {
    expect(checkFlags(flags)).toMatch(message);
  });

  it.each([
    { positionals: [], message: /expected one plan file; got 0/ },
    { positionals: ['a.yaml', 'b.yaml'], message: /got 2/ },
  ])('exits 2 on $message plan files', async ({ positionals, message }) => {
    const io = captureIo();
    expect(await run([...positionals, '--local', '--lease-table', 't'], io)).toBe(2);
    expect(io.err()).toMatch(message);
    expect(io.out()).toBe('');
  });

  it('accepts a lease table, or an explicit --no-lease', () => {
    expect(checkFlags({ local: true, 'lease-table': 'cutover' })).toBeUndefined();
    expect(checkFlags({ local: true, 'no-lease': true })).toBeUndefined();
  });

  it('exits 2 without a lease table, before reading the plan or touching AWS', async () => {
    const io = captureIo();
    expect(await run(['examples/vm-to-ecs.yaml', '--local'], io)).toBe(2);
    expect(io.err()).toMatch(/refusing to run without a lease/);
    expect(io.out()).toBe('');
  });

  it('exits 2 on an unknown flag', async () => {
    const io = captureIo();
    expect(await run(['examples/vm-to-ecs.yaml', '--local', '--lease-tabel', 't'], io)).toBe(2);
    expect(io.err()).toMatch(/Unknown option '--lease-tabel'/);
  });

  it('exits 2 on an invalid plan, naming the problem', async () => {
    const io = captureIo();
    expect(await run(['missing.yaml', '--local', '--no-lease'], io)).toBe(2);
    expect(io.err()).toMatch(/missing\.yaml/);
    expect(io.err()).toMatch(/nothing was run/);
  });

  it('refuses a plan with approvals when stdin is not a terminal, and says how to proceed', async () => {
    const io = captureIo(false);
    expect(await run(['examples/vm-to-ecs.yaml', '--local', '--lease-table', 'cutover'], io)).toBe(2);
    expect(io.err()).toMatch(/approval before step 4\/5, 5\/5, but stdin is not a terminal/);
    expect(io.err()).toMatch(
      /run it from a terminal, or deploy the stack and use `cutover start` then `cutover approve`/,
    );
    expect(io.out()).toBe('');
  });
});
