import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CliIo } from '#cli/io';
import { main } from '#cli/main';
import { campaignDocument } from '#test/unit/campaign/fixture';

function captureIo(): CliIo & { out: () => string; err: () => string } {
  let out = '';
  let err = '';
  return {
    stdout: {
      write: (text: string) => {
        out += text;
      },
      isTTY: false,
    },
    stderr: {
      write: (text: string) => {
        err += text;
      },
    },
    env: {},
    cwd: process.cwd(),
    out: () => out,
    err: () => err,
  };
}

async function fileWith(document: unknown): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'cutover-campaign-'));
  const file = join(dir, 'campaign.json');
  await writeFile(file, JSON.stringify(document));
  return file;
}

describe('cutover validate <campaign>', () => {
  it('recognises a campaign by its top-level key and lists the services by wave', async () => {
    const io = captureIo();
    const code = await main(['validate', 'examples/campaigns/crawler-fleet.yaml'], io);
    expect(code).toBe(0);
    expect(io.out()).toContain('campaign crawler-fleet is valid (12 services)');
    expect(io.out()).toMatch(/halts after 2 services not succeeded/);
  });

  it('exits 2 naming the path, what was found and what is allowed', async () => {
    const file = await fileWith(campaignDocument({ maxConcurrent: 0 }));
    const io = captureIo();
    const code = await main(['validate', file], io);
    expect(code).toBe(2);
    expect(io.err()).toMatch(/maxConcurrent: .*got 0; allowed a whole number of services, 1–1000/);
    expect(io.err()).toContain('campaign invalid (1 problem)');
  });
});

describe('cutover rehearse <campaign>', () => {
  it('--json prints the campaign summary last on stdout, and --report writes the HTML report', async () => {
    const file = await fileWith(campaignDocument());
    const report = join(await mkdtemp(join(tmpdir(), 'cutover-report-')), 'campaign.html');
    const io = captureIo();
    const code = await main(['rehearse', file, '--json', '--report', report], io);
    expect(code).toBe(0);
    const summary = JSON.parse(io.out());
    expect(Object.keys(summary)).toEqual(
      expect.arrayContaining([
        'outcome',
        'services',
        'peakElbWritesPerSecond',
        'peakElbReadsPerSecond',
        'throttles',
        'durationSeconds',
      ]),
    );
    expect(summary.services[0]).toEqual(
      expect.objectContaining({
        name: 'alpha',
        outcome: 'succeeded',
        startWeights: { vm: 100, ecs: 0 },
        finalWeights: { vm: 0, ecs: 100 },
      }),
    );
    expect(io.err()).toContain('alpha: started (wave 1)');
    const html = await readFile(report, 'utf8');
    expect(html).toContain('ELB API budget used per second');
    expect(html).toContain('gamma');
  }, 60_000);

  it('exits 2 for a scenario that names a service the campaign does not have', async () => {
    const file = await fileWith(campaignDocument());
    const scenario = await fileWith({ services: { alpah: { faults: [] } } });
    const io = captureIo();
    const code = await main(['rehearse', file, '--scenario', scenario], io);
    expect(code).toBe(2);
    expect(io.err()).toMatch(
      /services\.alpah: not a service of campaign test-fleet; .*allowed alpha, beta, gamma — hint: did you mean `alpha`\?/,
    );
  });
});

describe('cutover render <campaign>', () => {
  it('prints the campaign state machine input: stages, plans, and child names as `cutover start` names them', async () => {
    const io = captureIo();
    const code = await main(['render', 'examples/campaigns/crawler-fleet.yaml'], io);
    expect(code).toBe(0);
    const input = JSON.parse(io.out());
    expect(input).toMatchObject({
      campaign: 'crawler-fleet',
      maxConcurrent: 4,
      haltAfter: 2,
      abortAll: true,
    });
    expect(input.stages.map((stage: { name: string }[]) => stage.length)).toEqual([4, 4, 3, 1]); // wave 3 splits: linkgraph runs after renderer
    expect(input.stages[0][0].executionName).toMatch(/^frontier-vm-to-ecs-[0-9a-f]{16}$/);
    expect(input.stages[0][0].plan.name).toBe('frontier-vm-to-ecs');
  });
});
