import { describe, expect, it } from 'vitest';
import { terminalProgress } from '#cli/ops/terminal-progress';

/** What a terminal shows after `text`: only the codes the renderer uses (up one line, CR, clear line). */
function screen(text: string): string[] {
  const rows: string[] = [''];
  let row = 0;
  const ESC = String.fromCharCode(27);
  const tokens = new RegExp(`${ESC}\\[1A|${ESC}\\[2K|\\r|\\n|[^${ESC}\\r\\n]+`, 'g');
  for (const token of text.match(tokens) ?? []) {
    if (token === '\x1b[1A') row = Math.max(0, row - 1);
    else if (token === '\x1b[2K') rows[row] = '';
    else if (token === '\n') {
      row += 1;
      rows[row] ??= '';
    } else if (token !== '\r') rows[row] = `${rows[row] ?? ''}${token}`;
  }
  return rows.slice(0, row);
}

function capture(isTTY: boolean) {
  const chunks: string[] = [];
  return { out: { write: (chunk: string) => void chunks.push(chunk), isTTY }, text: () => chunks.join('') };
}

describe('terminalProgress', () => {
  it('on a terminal keeps lines of record above a live area that is redrawn in place', () => {
    // Prepare
    const { out, text } = capture(true);
    const progress = terminalProgress(out);
    // Act
    progress.show(['step 1/3', 'gates pass']);
    progress.record('fault    destination unhealthy');
    progress.show(['step 2/3', 'gates fail (errors)']);
    // Assess
    expect(screen(text())).toEqual(['fault    destination unhealthy', 'step 2/3', 'gates fail (errors)']);
  });

  it('clears the live area so a summary starts on a clean line', () => {
    const { out, text } = capture(true);
    const progress = terminalProgress(out);
    progress.show(['live']);
    progress.record('kept');
    progress.clear();
    expect(screen(`${text()}outcome: succeeded\n`)).toEqual(['kept', 'outcome: succeeded']);
  });

  it('elsewhere writes plain lines only: records, and the plain form of the live area when given', () => {
    const { out, text } = capture(false);
    const progress = terminalProgress(out);
    progress.show(['step 1/3', 'gates pass'], { plain: 'step 1/3 · gates pass' });
    progress.show(['step 1/3', 'gates pass']);
    progress.record('fault    destination unhealthy');
    progress.clear();
    expect(text()).toBe('step 1/3 · gates pass\nfault    destination unhealthy\n');
  });
});
