import type { ResolvedPlan } from '#plan/types';
import { type GateVerdict, runGate } from '../gates.ts';
import { settleSeconds, testAlpha } from '../judge/budget.ts';
import { judgeProbe, probeLookAlpha } from '../judge/probe-test.ts';
import type { Progress } from '../progress.ts';
import type { UseCaseDeps } from './ports.ts';

/**
 * The synthetic probe at one bake poll: one burst through the test route, judged on its own (see
 * judge/probe-test.ts). The look number comes from the time since the bake started, so no state is
 * kept between polls. A probe that cannot be sent at all is a failing gate (exceptions fail gates).
 */
export async function probeVerdicts(
  plan: ResolvedPlan,
  progress: Progress,
  now: Date,
  deps: Pick<UseCaseDeps, 'probeFor'>,
): Promise<GateVerdict[]> {
  const gate = plan.gates.probe;
  const route = plan.testRoute;
  const step = plan.steps[progress.step];
  if (!gate || !route || !step) return [];
  const interval = plan.intervalSeconds;
  const startedAt = Date.parse(progress.bakeStartedAt ?? now.toISOString());
  const look = Math.max(1, Math.floor((now.getTime() - startedAt) / 1000 / interval) + 1);
  const plannedLooks = Math.ceil((step.bakeSeconds + settleSeconds(plan)) / interval) + 1;
  const alpha = probeLookAlpha(testAlpha(plan, progress.step), look, plannedLooks);
  return [
    await runGate('probe', `${plan.to} probe`, async () => {
      const sample = await deps.probeFor(plan.router).sample({
        listenerArn: plan.router.listenerArn,
        ...(gate.baseUrl === undefined ? {} : { baseUrl: gate.baseUrl }),
        path: gate.path,
        header: route.header,
        value: route.value,
        requests: gate.requests,
        timeoutMs: gate.timeoutSeconds * 1000,
      });
      return judgeProbe(gate, sample, { destination: plan.to, alpha });
    }),
  ];
}
