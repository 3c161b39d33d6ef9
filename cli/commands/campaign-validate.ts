import { loadCampaign } from '#campaign/load';
import type { ResolvedCampaign } from '#campaign/types';
import { formatDuration } from '#plan/duration';
import { planSummary } from '#plan/summary';
import { formatTable } from '../format.ts';
import { type CliIo, ExitCode } from '../io.ts';
import { pathIn } from './campaign-file.ts';

/** `cutover validate <campaign.yaml>`: the campaign's own rules and every service's plan, offline. */
export async function validateCampaign(file: string, json: boolean, io: CliIo): Promise<number> {
  const campaign = await loadCampaign(pathIn(io.cwd, file), file);
  if (json) {
    io.stdout.write(`${JSON.stringify({ valid: true, campaign: describeCampaign(campaign) }, null, 2)}\n`);
    return ExitCode.Ok;
  }
  io.stdout.write(`${renderCampaign(file, campaign).join('\n')}\n`);
  return ExitCode.Ok;
}

function describeCampaign(campaign: ResolvedCampaign) {
  return {
    name: campaign.name,
    maxConcurrent: campaign.maxConcurrent,
    failurePolicy: campaign.failurePolicy,
    elbApiBudget: campaign.elbApiBudget,
    services: campaign.services.map((service) => ({
      name: service.name,
      wave: service.wave,
      after: service.after,
      plan: service.plan.name,
      router: service.plan.router.arn,
      minimumDurationSeconds: planSummary(service.plan).minimumDurationSeconds,
    })),
  };
}

function renderCampaign(file: string, campaign: ResolvedCampaign): string[] {
  const { haltAfter, abortAll } = campaign.failurePolicy;
  const rows = campaign.services.map((service) => [
    String(service.wave),
    service.name,
    service.after.join(', '),
    `${service.plan.from} → ${service.plan.to}`,
    String(service.plan.steps.length),
    formatDuration(planSummary(service.plan).minimumDurationSeconds),
  ]);
  const table = formatTable(
    [
      { header: 'wave' },
      { header: 'service' },
      { header: 'after' },
      { header: 'moves' },
      { header: 'steps' },
      { header: 'min. duration' },
    ],
    rows,
  );
  const { modify, describe } = campaign.elbApiBudget;
  return [
    `${file}: campaign ${campaign.name} is valid (${campaign.services.length} services)`,
    '',
    `  at most ${campaign.maxConcurrent} at once; a wave starts when the previous one has ended`,
    `  halts after ${haltAfter} service${haltAfter === 1 ? '' : 's'} not succeeded (running ones finish or roll back)${abortAll ? '; a critical failure aborts every running cutover' : ''}`,
    `  ELB API budget: Modify* ${modify.burst} + ${modify.perSecond}/s, Describe* ${describe.burst} + ${describe.perSecond}/s`,
    '',
    ...table.map((line) => `  ${line}`),
  ];
}
