// The campaign section of `npm run bench` (issue 14 targets): a 50-service campaign, 5 steps of
// 1 h bake each, 10 at once, rehearsed end to end on one virtual clock against the account's ELB
// API limits. Exported so bench/run.ts stays one list of sections.

import { resolveCampaignDocument } from '#campaign/load';
import { rehearseCampaign } from '#local/campaign/run-campaign';
import { resolveCampaignScenario } from '#local/campaign/scenario';

export interface CampaignBenchOptions {
  readonly services: number;
  readonly maxConcurrent: number;
  /** Gate polling interval of every service's plan. */
  readonly interval: string;
}

/** 50 services × 5 steps × 1 h bake, 10 at once: the benchmark shape. */
export const CAMPAIGN_BENCH: CampaignBenchOptions = { services: 50, maxConcurrent: 10, interval: '5m' };

export async function benchCampaign(
  say: (text?: string) => void,
  mark: (ok: boolean) => string,
  misses: string[],
  options: CampaignBenchOptions = CAMPAIGN_BENCH,
): Promise<void> {
  const campaign = resolveCampaignDocument(benchCampaignDocument(options));
  const scenario = resolveCampaignScenario({ seed: 7 }, campaign, '(bench: healthy)');
  const started = performance.now();
  const { summary } = await rehearseCampaign({ campaign, scenario });
  const wall = (performance.now() - started) / 1000;
  const succeeded = summary.services.filter((s) => s.outcome === 'succeeded').length;
  const budget = summary.elbApiBudget;
  say();
  say(
    `campaign: ${options.services} services × 5 steps × 1 h bake, polled every ${options.interval}, maxConcurrent ${options.maxConcurrent}`,
  );
  say(
    `  outcome ${summary.outcome} (${succeeded}/${options.services} succeeded), virtual ${(summary.durationSeconds / 3600).toFixed(1)} h, ${summary.stateTransitions} state transitions`,
  );
  say(`  wall ${wall.toFixed(1)} s — target < 60 s ${mark(wall < 60)}`);
  say(
    `  peak ELB writes ${summary.peakElbWritesPerSecond}/s (Modify* budget ${budget.modify.burst} burst, ${budget.modify.perSecond}/s) ${mark(summary.peakElbWritesPerSecond <= budget.modify.burst)}; peak reads ${summary.peakElbReadsPerSecond}/s (Describe* ${budget.describe.burst}, ${budget.describe.perSecond}/s)`,
  );
  say(
    `  throttles ${summary.throttles} — target 0 ${mark(summary.throttles === 0)}; budget waits ${summary.budgetWaits.count}`,
  );
  say(
    `  read calls per gate poll (ELB + CloudWatch + lease, upper bound) ${summary.readCallsPerGatePoll ?? 'n/a'}`,
  );
  if (wall >= 60) misses.push(`campaign rehearsal wall ${wall.toFixed(1)} s ≥ 60 s`);
  if (summary.throttles > 0) misses.push(`campaign throttles ${summary.throttles} > 0`);
  if (summary.peakElbWritesPerSecond > budget.modify.burst)
    misses.push(`campaign peak writes ${summary.peakElbWritesPerSecond}/s > budget`);
}

/** A template campaign: service i has its own rule and target groups (ids derived from i). */
export function benchCampaignDocument(options: CampaignBenchOptions): Record<string, unknown> {
  const id = (kind: number, i: number) => `${kind}${i.toString(16).padStart(15, '0')}`;
  const arn = 'arn:aws:elasticloadbalancing:ap-northeast-1:123456789012';
  return {
    campaign: 'bench-fleet',
    maxConcurrent: options.maxConcurrent,
    failurePolicy: { haltAfter: options.services },
    template: {
      name: `\${name}`,
      router: { ruleArn: `${arn}:listener-rule/app/web/50dc6c495c0c9188/f2f7dc8efc522ab2/\${rule}` },
      targets: {
        vm: { platform: 'ec2', targetGroupArn: `${arn}:targetgroup/\${name}-vm/\${vm}` },
        ecs: {
          platform: 'ecs',
          targetGroupArn: `${arn}:targetgroup/\${name}-ecs/\${ecs}`,
          cluster: 'main',
          service: `\${name}`,
        },
      },
      from: 'vm',
      to: 'ecs',
      steps: [1, 10, 25, 50, 100],
      bake: '1h',
      interval: options.interval,
      gates: { minHealthyTargets: 2, errorRate: { maxPercent: 2, minRequests: 200 } },
    },
    services: Array.from({ length: options.services }, (_, i) => ({
      name: `svc-${String(i + 1).padStart(2, '0')}`,
      values: { rule: id(1, i), vm: id(2, i), ecs: id(3, i) },
    })),
  };
}

// `node bench/campaign.ts [services] [interval]`: this section alone.
if (import.meta.url === `file://${process.argv[1]}`) {
  const misses: string[] = [];
  const services = Number(process.argv[2] ?? CAMPAIGN_BENCH.services);
  await benchCampaign(console.log, (ok) => (ok ? 'ok' : 'MISSED'), misses, {
    ...CAMPAIGN_BENCH,
    services,
    interval: process.argv[3] ?? CAMPAIGN_BENCH.interval,
  });
}
