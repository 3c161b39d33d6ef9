import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { loadCampaign } from '#campaign/load';
import { formatWeights } from '#core/weights';
import { renderCampaignReport } from '#local/campaign/report-html';
import type { CampaignEvent } from '#local/campaign/run-campaign';
import { rehearseCampaign } from '#local/campaign/run-campaign';
import { defaultCampaignScenario, loadCampaignScenario } from '#local/campaign/scenario';
import type { CampaignSummary } from '#local/campaign/summary';
import { clock } from '#local/rehearsal/report-html';
import { type CliIo, ExitCode } from '../io.ts';
import { pathIn } from './campaign-file.ts';

export interface CampaignRehearseArgs {
  readonly file: string;
  readonly scenarioFile: string | undefined;
  readonly reportFile: string | undefined;
  readonly json: boolean;
  readonly seed: number | undefined;
}

/**
 * `cutover rehearse <campaign.yaml>`: every service's real cutover on one shared virtual clock,
 * against the account's ELB API limits. Progress lines as services start and end; the campaign
 * summary last (as JSON with --json). Exit 0 only when every service succeeded.
 */
export async function rehearseCampaignCommand(args: CampaignRehearseArgs, io: CliIo): Promise<number> {
  const campaign = await loadCampaign(pathIn(io.cwd, args.file), args.file);
  let scenario =
    args.scenarioFile === undefined
      ? defaultCampaignScenario(campaign)
      : await loadCampaignScenario(pathIn(io.cwd, args.scenarioFile), campaign, args.scenarioFile);
  if (args.seed !== undefined) scenario = { ...scenario, seed: args.seed };
  const out = args.json ? io.stderr : io.stdout;
  out.write(
    `rehearsing campaign ${campaign.name} (${args.file}): ${campaign.services.length} services, at most ${campaign.maxConcurrent} at once, scenario ${scenario.source}, seed ${scenario.seed}\n`,
  );
  const wallStart = performance.now();
  const result = await rehearseCampaign({
    campaign,
    scenario,
    onEvent: (event) => out.write(`${progressLine(event)}\n`),
  });
  const wallSeconds = (performance.now() - wallStart) / 1000;
  const { summary } = result;
  if (args.reportFile !== undefined) {
    const reportPath = pathIn(io.cwd, args.reportFile);
    await mkdir(dirname(reportPath), { recursive: true });
    await writeFile(reportPath, renderCampaignReport(summary, result.limits, scenario.startAt.getTime()));
  }
  for (const line of describeCampaignSummary(summary, wallSeconds)) out.write(`${line}\n`);
  if (args.reportFile !== undefined) out.write(`report: ${args.reportFile}\n`);
  if (args.json) io.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
  return summary.outcome === 'succeeded' ? ExitCode.Ok : ExitCode.NotSucceeded;
}

function progressLine(event: CampaignEvent): string {
  const at = `[${clock(event.atSeconds)}]`;
  switch (event.kind) {
    case 'started':
      return `${at} ${event.service}: started (wave ${event.wave})`;
    case 'ended':
      return `${at} ${event.service}: ${event.outcome.replace('_', ' ')}${event.reason ? ` — ${event.reason}` : ''}`;
    case 'halted':
      return `${at} campaign halted: ${event.reason}`;
  }
}

export function describeCampaignSummary(summary: CampaignSummary, wallSeconds: number): string[] {
  const count = (outcome: string) => summary.services.filter((s) => s.outcome === outcome).length;
  const outcomes = ['succeeded', 'rolled_back', 'failed', 'rejected', 'paused', 'skipped', 'not_started']
    .filter((outcome) => count(outcome) > 0)
    .map((outcome) => `${count(outcome)} ${outcome.replace('_', ' ')}`);
  return [
    '',
    `campaign outcome: ${summary.outcome.replaceAll('_', ' ')} (${outcomes.join(', ')})`,
    ...(summary.halt === null ? [] : [`halted at ${clock(summary.halt.atSeconds)}: ${summary.halt.reason}`]),
    ...summary.services.map(
      (s) =>
        `  ${s.name.padEnd(20)} wave ${s.wave}  ${s.outcome.padEnd(12)} ${formatWeights(s.startWeights)} → ${formatWeights(s.finalWeights)}`,
    ),
    `ELB API: peak ${summary.peakElbWritesPerSecond} writes/s (budget ${summary.elbApiBudget.modify.burst} + ${summary.elbApiBudget.modify.perSecond}/s), peak ${summary.peakElbReadsPerSecond} reads/s (budget ${summary.elbApiBudget.describe.burst} + ${summary.elbApiBudget.describe.perSecond}/s), ${summary.throttles} throttles, ${summary.budgetWaits.count} budget waits`,
    `virtual ${clock(summary.durationSeconds)} in ${wallSeconds.toFixed(2)} s wall · ${summary.stateTransitions} state transitions`,
  ];
}
