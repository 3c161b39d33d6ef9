import { z } from 'zod';
import { DURATION_PATTERN } from './duration.ts';

/**
 * `hooks` and `gates.observedSplit` (issue 11): shape only, like the rest of the plan schema. The
 * cross-field rules (exactly one of lambda / url, a secret for every URL, ARNs in the router's
 * account, timeouts in range) are in resolve-hooks.ts so every problem is reported at once.
 */

const allowed = (text: string) => ({ error: `allowed ${text}` });

const HookDuration = z
  .string(allowed('a duration such as 30s, 5m, 1h'))
  .regex(new RegExp(DURATION_PATTERN), allowed('a duration such as 30s, 5m, 1h'))
  .min(2, allowed('a duration such as 30s, 5m, 1h'));

export const HookSchema = z
  .strictObject({
    lambda: z.string(allowed('a Lambda function ARN')).optional().meta({
      description:
        'A Lambda function ARN, invoked synchronously with the hook event (exactly one of lambda / url).',
    }),
    url: z.string(allowed('an https:// URL')).optional().meta({
      description:
        'An https:// URL that receives the hook event as a signed POST (exactly one of lambda / url).',
    }),
    secretArn: z.string(allowed('a Secrets Manager secret ARN')).optional().meta({
      description:
        'With url: the Secrets Manager secret whose SecretString keys the HMAC-SHA256 signature (X-Cutover-Signature).',
    }),
    timeout: HookDuration.optional().meta({
      description:
        'How long the hook may take in all, retry-later answers included; no answer by then is a fail. 1s–1h. Default 1m.',
      default: '1m',
    }),
    retries: z
      .number(allowed('an integer 0–10'))
      .int(allowed('an integer 0–10'))
      .min(0, allowed('an integer 0–10'))
      .max(10, allowed('an integer 0–10'))
      .optional()
      .meta({
        description:
          'Calls that fail to deliver (network error, HTTP 5XX/429, Lambda throttling or error) are repeated this many times with exponential backoff, within the timeout. Default 2.',
        default: 2,
      }),
  })
  .meta({
    description: 'One lifecycle hook: a Lambda ARN or a signed HTTPS URL answering pass / fail / retryLater.',
  });

export const HooksSchema = z
  .strictObject({
    preTraffic: HookSchema.optional().meta({
      description: 'Before the first weight write (real users at 0% on the destination). Fail → onFailure.',
    }),
    afterStep: HookSchema.optional().meta({
      description: "After each step's bake passed, before the next step. Fail → onFailure.",
    }),
    beforeComplete: HookSchema.optional().meta({
      description: 'After the last step passed, before Complete. Fail → onFailure.',
    }),
    onRollback: HookSchema.optional().meta({
      description:
        'After a rollback restored the snapshot. Informational: its answer never stops the rollback.',
    }),
  })
  .meta({ description: 'Lifecycle hooks: checks your own code answers at fixed points of the cutover.' });

export const ObservedSplitSchema = z
  .strictObject({
    tolerancePercent: z
      .number(allowed('a number of percentage points > 0 and ≤ 50'))
      .positive(allowed('a number of percentage points > 0 and ≤ 50'))
      .max(50, allowed('a number of percentage points > 0 and ≤ 50'))
      .meta({
        description:
          'How far (percentage points) the share of requests a target served may stray from its weight (between the previous and the current step, for sticky sessions).',
      }),
    minutes: z
      .number(allowed('an integer 2–30'))
      .int(allowed('an integer 2–30'))
      .min(2, allowed('an integer 2–30'))
      .max(30, allowed('an integer 2–30'))
      .optional()
      .meta({
        description: 'Consecutive judged minutes beyond the tolerance that fail the gate. Default 3.',
        default: 3,
      }),
    minRequests: z
      .number(allowed('an integer ≥ 1'))
      .int(allowed('an integer ≥ 1'))
      .min(1, allowed('an integer ≥ 1'))
      .optional()
      .meta({ description: 'A minute with fewer requests in all is not judged. Default 100.', default: 100 }),
  })
  .meta({
    description:
      'Compares the requests each target group actually served (ALB RequestCount per minute) with the weights written; a persistent deviation fails the gate.',
  });

export type HooksDocument = z.infer<typeof HooksSchema>;
export type HookDocument = z.infer<typeof HookSchema>;
export type ObservedSplitDocument = z.infer<typeof ObservedSplitSchema>;
