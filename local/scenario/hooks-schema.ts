import { z } from 'zod';
import { DURATION_PATTERN, parseDuration } from '#plan/duration';
import { HOOK_POINTS, type HookPoint } from '#plan/hook-types';
import type { SandboxHookBehaviour, SplitSkew } from '../sandbox/hooks.ts';

/**
 * Scenario fields of issue 11 (additive):
 *
 *   hooks:                      # how the sandbox answers each hook of the plan (default: pass after 1s)
 *     preTraffic: fail          # pass | fail | never (no answer: the hook times out)
 *     afterStep: { answer: pass, latency: 20s, flaky: 2, retryLater: 1, reason: smoke tests red }
 *       # latency: how long each call takes; flaky: the first N calls fail to deliver (Lambda error,
 *       # HTTP 503) and are redelivered; retryLater: the next N answers are retryLater, then `answer`
 *   splitSkew:                  # the ALB serves shares other than the weights (stickiness skew)
 *     ecs: { atWeight: 5, servesPercent: 30 }   # while ecs's weight is 5%, it gets 30% of requests;
 *       # the rest go to the other weighted groups by their weights (atWeight omitted: any weight > 0)
 */

const allowed = (text: string) => ({ error: `allowed ${text}` });
const Answer = z.enum(['pass', 'fail', 'never'], allowed('pass | fail | never'));
const Count = z
  .number(allowed('a whole number 0–100'))
  .int(allowed('a whole number 0–100'))
  .min(0, allowed('a whole number 0–100'))
  .max(100, allowed('a whole number 0–100'));
const Percent = z
  .number(allowed('a percent 0–100'))
  .min(0, allowed('a percent 0–100'))
  .max(100, allowed('a percent 0–100'));

const HookBehaviour = z.union(
  [
    Answer,
    z.strictObject({
      answer: Answer.optional(),
      latency: z
        .string(allowed('a duration such as 0s, 2s, 5m'))
        .regex(new RegExp(DURATION_PATTERN), allowed('a duration such as 0s, 2s, 5m'))
        .min(2, allowed('a duration such as 0s, 2s, 5m'))
        .optional(),
      flaky: Count.optional(),
      retryLater: Count.optional(),
      reason: z.string(allowed('text')).max(500, allowed('at most 500 characters')).optional(),
    }),
  ],
  allowed('pass | fail | never, or { answer, latency, flaky, retryLater, reason }'),
);

export const ScenarioHooks = z
  .strictObject(
    Object.fromEntries(HOOK_POINTS.map((point) => [point, HookBehaviour.optional()])) as Record<
      HookPoint,
      z.ZodOptional<typeof HookBehaviour>
    >,
  )
  .describe('How the sandbox answers each lifecycle hook of the plan (default: pass after 1s)');

export const ScenarioSplitSkew = z
  .record(
    z.string(),
    z.strictObject({
      atWeight: Percent.optional(),
      servesPercent: Percent,
    }),
    allowed('a mapping of target name → { atWeight, servesPercent }'),
  )
  .describe(
    'The ALB serves a target this share of requests (while its weight is atWeight) instead of its weight',
  );

export type ScenarioHooksDocument = z.infer<typeof ScenarioHooks>;

const DEFAULT_LATENCY_MS = 1_000;

export function resolveScenarioHooks(
  doc: ScenarioHooksDocument | undefined,
): Partial<Record<HookPoint, SandboxHookBehaviour>> {
  const out: Partial<Record<HookPoint, SandboxHookBehaviour>> = {};
  for (const point of HOOK_POINTS) {
    const given = doc?.[point];
    if (given === undefined) continue;
    const spec = typeof given === 'string' ? { answer: given } : given;
    out[point] = {
      answer: spec.answer ?? 'pass',
      latencyMs: spec.latency === undefined ? DEFAULT_LATENCY_MS : parseDuration(spec.latency) * 1000,
      flaky: spec.flaky ?? 0,
      retryLater: spec.retryLater ?? 0,
      ...(spec.reason === undefined ? {} : { reason: spec.reason }),
    };
  }
  return out;
}

export function resolveSplitSkew(
  doc: z.infer<typeof ScenarioSplitSkew> | undefined,
): Record<string, SplitSkew> {
  const out: Record<string, SplitSkew> = {};
  for (const [name, skew] of Object.entries(doc ?? {})) {
    out[name] = {
      servesPercent: skew.servesPercent,
      ...(skew.atWeight === undefined ? {} : { atWeight: skew.atWeight }),
    };
  }
  return out;
}
