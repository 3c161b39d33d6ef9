import { z } from 'zod';
import type { HookAnswer } from '#ports/hook-runner';

const Answer = z.object({
  verdict: z.enum(['pass', 'fail', 'retryLater']),
  reason: z.string().max(1_000).optional(),
  retryAfterSeconds: z.number().min(0).max(3_600).optional(),
});

/**
 * A hook's answer, as text. Anything but a well-formed answer is a fail that says what came back:
 * a hook that cannot say "pass" clearly has not passed (fail closed).
 */
export function parseHookAnswer(text: string, subject: string): HookAnswer {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { verdict: 'fail', reason: `${subject} answered something other than JSON: ${excerpt(text)}` };
  }
  const parsed = Answer.safeParse(json);
  if (!parsed.success) {
    return {
      verdict: 'fail',
      reason: `${subject} answered ${excerpt(text)}; allowed {"verdict": "pass" | "fail" | "retryLater", "reason"?: text, "retryAfterSeconds"?: 0–3600}`,
    };
  }
  const { verdict, reason, retryAfterSeconds } = parsed.data;
  return {
    verdict,
    ...(reason === undefined ? {} : { reason }),
    ...(retryAfterSeconds === undefined ? {} : { retryAfterSeconds }),
  };
}

export function excerpt(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return JSON.stringify(flat.length > 200 ? `${flat.slice(0, 197)}…` : flat);
}
