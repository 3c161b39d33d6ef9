import { z } from 'zod';
import { DURATION_PATTERN } from './duration.ts';

/**
 * The shape of `testRoute` and `gates.probe` (DESIGN.md §6 "Before real users"). Cross-field rules
 * (a probe needs a test route, its cadence against the plan interval) live in resolve-test-route.ts.
 */

const allowed = (text: string) => ({ error: `allowed ${text}` });

/** An HTTP header name (RFC 9110 token); ALB matches at most 40 characters. */
export const HEADER_NAME_PATTERN = /^[A-Za-z0-9!#$%&'*+.^_`|~-]{1,40}$/;
/** ALB header values may use `*` and `?` as wildcards; the test route matches one exact value. */
export const HEADER_VALUE_PATTERN = /^[\x21-\x29\x2b-\x3e\x40-\x7e]{1,128}$/;

const ProbeDuration = z
  .string(allowed('a duration such as 2s, 5s, 30s'))
  .regex(new RegExp(DURATION_PATTERN), allowed('a duration such as 2s, 5s, 30s'))
  .min(2, allowed('a duration such as 2s, 5s, 30s'));

export const TestRouteSchema = z
  .strictObject({
    header: z
      .string(allowed('an HTTP header name'))
      .regex(HEADER_NAME_PATTERN, allowed('an HTTP header name of 1–40 characters, e.g. X-Cutover-Test'))
      .meta({ description: 'The request header that selects the test route, e.g. X-Cutover-Test.' }),
    value: z
      .string(allowed('a header value'))
      .regex(
        HEADER_VALUE_PATTERN,
        allowed('1–128 visible ASCII characters without spaces, `*` or `?` (ALB wildcards)'),
      )
      .optional()
      .meta({ description: 'The header value that selects the test route. Default: the plan name.' }),
    priority: z
      .number(allowed('an integer 1–50000'))
      .int(allowed('an integer 1–50000'))
      .min(1, allowed('an integer 1–50000'))
      .max(50_000, allowed('an integer 1–50000'))
      .optional()
      .meta({
        description:
          'The listener-rule priority of the test route. Default: the lowest free priority, so the header is matched before the other rules.',
      }),
  })
  .meta({
    description:
      'A listener rule, created at Preflight and removed at every ending, that sends requests carrying this header only to the destination (`to`): test it before real users reach it.',
  });

export const ProbeGateSchema = z
  .strictObject({
    path: z
      .string(allowed('a path starting with /'))
      .regex(/^\/[\x21-\x7e]{0,1023}$/, allowed('a path starting with /, e.g. /healthz'))
      .meta({ description: 'The path the probe requests through the test route, e.g. /healthz.' }),
    every: ProbeDuration.meta({
      description:
        'How often the probe runs during a bake. The gates are polled at this cadence when it is shorter than `interval`.',
    }),
    requests: z
      .number(allowed('an integer 1–20'))
      .int(allowed('an integer 1–20'))
      .min(1, allowed('an integer 1–20'))
      .max(20, allowed('an integer 1–20'))
      .optional()
      .meta({ description: 'Requests per probe. Default 5.', default: 5 }),
    timeout: ProbeDuration.optional().meta({
      description: 'A request without an answer by then counts as failed. Default 2s.',
      default: '2s',
    }),
    maxFailurePercent: z
      .number(allowed('a percent > 0 and < 50'))
      .positive(allowed('a percent > 0 and < 50'))
      .lt(50, allowed('a percent > 0 and < 50'))
      .optional()
      .meta({
        description:
          'The share of probe requests a healthy destination may fail (5XX, timeout, no answer); the gate fails when the failures are too many for this to be true. Default 1.',
        default: 1,
      }),
    baseUrl: z
      .string(allowed('an http(s) URL without a path'))
      .regex(/^https?:\/\/[A-Za-z0-9.-]+(?::\d{1,5})?$/, allowed('an http(s) URL without a path'))
      .optional()
      .meta({
        description:
          "Where the probe sends requests, e.g. https://crawler.example.com when the listener's certificate names that host. Default: the load balancer's DNS name with the listener's protocol and port.",
      }),
  })
  .meta({
    description:
      'Synthetic probe through the test route: a burst of requests every `every`; too many 5XX or timeouts fails the gate, long before the ALB metrics can. Requires testRoute.',
  });

export type TestRouteDocument = z.infer<typeof TestRouteSchema>;
export type ProbeGateDocument = z.infer<typeof ProbeGateSchema>;
