import { z } from 'zod';
import { describeValue, didYouMean, type PlanPath, type PlanProblem, problem } from './problems.ts';

/**
 * zod issues → plan problems in the house format `path: problem; got X; allowed Y`. The schema's own
 * messages carry the `allowed …` part; the problem and the value found are added here. Unknown keys
 * become one problem per key, with a "did you mean" hint when a known key is close.
 */
export function zodIssuesToProblems(issues: readonly z.core.$ZodIssue[], schema: z.ZodType): PlanProblem[] {
  return issues.flatMap((issue) => issueToProblems(issue, schema));
}

type Issue = z.core.$ZodIssue & { readonly input?: unknown };

function issueToProblems(issue: Issue, schema: z.ZodType): PlanProblem[] {
  const path = issue.path as PlanPath;
  if (issue.code === 'unrecognized_keys') {
    const known = knownKeysAt(schema, path);
    return issue.keys.map((key) =>
      problem([...path, key], `unknown field; allowed ${known.join(', ')}`, unknownKeyHint(key, known)),
    );
  }
  if (issue.code === 'invalid_key') {
    const inner = issue.issues[0];
    const allowedText = inner?.message.startsWith('allowed ') ? inner.message : 'allowed a valid key';
    return [problem(path, `invalid name; got ${describeValue(issue.input)}; ${allowedText}`)];
  }
  if (issue.code === 'invalid_union') {
    // A value meant for one branch (a number for a percent, a mapping for a step): report why that
    // branch refused it rather than "wrong type" for the whole union.
    const meant = issue.errors.find(
      (branch) =>
        !branch.some(
          (inner) => inner.path.length === 0 && inner.code === 'invalid_type' && inner.expected !== 'int',
        ),
    );
    if (meant !== undefined && meant.length > 0) {
      return meant.flatMap((inner) =>
        issueToProblems(
          {
            ...inner,
            path: [...issue.path, ...inner.path],
            input: inner.path.length === 0 ? issue.input : (inner as Issue).input,
          } as Issue,
          schema,
        ),
      );
    }
  }
  const input = issue.input;
  const allowedText = issue.message.startsWith('allowed ')
    ? issue.message
    : `allowed ${derivedAllowed(issue)}`;
  const what = problemWords(issue);
  const got = input === undefined ? '' : `; got ${gotText(issue, input)}`;
  return [problem(path, `${what}${got}; ${allowedText}`, valueHint(issue, input))];
}

function problemWords(issue: Issue): string {
  switch (issue.code) {
    case 'invalid_type':
      if (issue.input === undefined) return 'required field is missing';
      if (issue.expected === 'int') return 'not an integer';
      return 'wrong type';
    case 'too_small':
      return issue.origin === 'array'
        ? 'too few entries'
        : issue.origin === 'string'
          ? 'too short'
          : 'too small';
    case 'too_big':
      return issue.origin === 'array'
        ? 'too many entries'
        : issue.origin === 'string'
          ? 'too long'
          : 'too large';
    case 'invalid_format':
      return 'malformed value';
    case 'invalid_value':
      return 'unknown value';
    case 'invalid_union':
      return 'wrong type';
    default:
      return 'invalid value';
  }
}

function derivedAllowed(issue: Issue): string {
  switch (issue.code) {
    case 'invalid_type':
      return EXPECTED_WORDS[issue.expected] ?? issue.expected;
    case 'too_small':
      return `${issue.inclusive === false ? '>' : '≥'} ${String(issue.minimum)}`;
    case 'too_big':
      return `${issue.inclusive === false ? '<' : '≤'} ${String(issue.maximum)}`;
    case 'invalid_value':
      return issue.values.map(String).join(' | ');
    case 'invalid_format':
      return issue.format;
    default:
      return 'a valid value';
  }
}

const EXPECTED_WORDS: Readonly<Record<string, string>> = {
  object: 'a mapping',
  array: 'a list',
  string: 'a string',
  number: 'a number',
  int: 'an integer',
  boolean: 'true or false',
};

function gotText(issue: Issue, input: unknown): string {
  if ((issue.code === 'too_small' || issue.code === 'too_big') && Array.isArray(input)) {
    return `${input.length} ${input.length === 1 ? 'entry' : 'entries'}`;
  }
  const described = describeValue(input);
  if (issue.code === 'invalid_type' && typeof input !== 'object') return `${described} (${typeof input})`;
  return described;
}

const DURATION_FIELDS = new Set(['bake', 'interval', 'timeout']);

function valueHint(issue: Issue, input: unknown): string | undefined {
  const last = issue.path[issue.path.length - 1];
  if (typeof last === 'string' && DURATION_FIELDS.has(last) && typeof input === 'number') {
    return `durations need a unit: write ${input}s or ${Math.round(input / 60)}m`;
  }
  if (
    typeof input === 'string' &&
    /^\d+(?:\.\d+)?\s*%?$/.test(input.trim()) &&
    issue.message.includes('percent')
  ) {
    return `write ${input.replace('%', '').trim()} as a number, without quotes or %`;
  }
  if (issue.code === 'invalid_value' && typeof input === 'string') {
    return didYouMean(input, issue.values.map(String));
  }
  if (issue.code === 'invalid_type' && issue.expected === 'int' && typeof input === 'number') {
    return 'ALB weights are whole numbers; round to an integer percent';
  }
  return undefined;
}

function unknownKeyHint(key: string, known: readonly string[]): string | undefined {
  const near = didYouMean(key, known);
  if (near !== undefined) return near;
  const elsewhere = KEY_HOMES[key];
  return elsewhere === undefined ? undefined : `\`${key}\` belongs under ${elsewhere}`;
}

/** Fields people put one level off; the hint says where they go. */
const KEY_HOMES: Readonly<Record<string, string>> = {
  errorRate: 'gates',
  latencyP99: 'gates',
  alarms: 'gates',
  inconclusive: 'gates',
  minHealthyTargets: 'gates (destination) or retreat (the way back)',
  timeZone: 'window',
  days: 'window',
  between: 'window',
  before: 'approval',
  onTimeout: 'approval',
  listenerArn: 'router',
  ruleArn: 'router',
  weights: 'a step mapping in steps',
};

/** The keys an object accepts at `path` in the schema (union members merged), in declaration order. */
export function knownKeysAt(schema: z.ZodType, path: PlanPath): string[] {
  let current: z.ZodType[] = [schema];
  for (const segment of path) {
    current = current.flatMap((s) => childSchemas(unwrap(s), segment));
  }
  const keys = current.flatMap((s) => objectKeys(unwrap(s)));
  return [...new Set(keys)];
}

function unwrap(schema: z.ZodType): z.ZodType {
  let current = schema;
  while (
    current instanceof z.ZodOptional ||
    current instanceof z.ZodDefault ||
    current instanceof z.ZodNullable
  ) {
    current = current.unwrap() as z.ZodType;
  }
  return current;
}

function objectKeys(schema: z.ZodType): string[] {
  if (schema instanceof z.ZodObject) return Object.keys(schema.shape);
  if (schema instanceof z.ZodUnion)
    return (schema.options as z.ZodType[]).flatMap((o) => objectKeys(unwrap(o)));
  return [];
}

function childSchemas(schema: z.ZodType, segment: string | number): z.ZodType[] {
  if (schema instanceof z.ZodUnion) {
    return (schema.options as z.ZodType[]).flatMap((o) => childSchemas(unwrap(o), segment));
  }
  if (schema instanceof z.ZodObject && typeof segment === 'string') {
    const child = (schema.shape as Record<string, z.ZodType>)[segment];
    return child === undefined ? [] : [child];
  }
  if (schema instanceof z.ZodRecord) return [schema.valueType as z.ZodType];
  if (schema instanceof z.ZodArray) return [schema.element as z.ZodType];
  if (schema instanceof z.ZodTuple && typeof segment === 'number') {
    const item = (schema.def.items as z.ZodType[])[segment];
    return item === undefined ? [] : [item];
  }
  return [];
}
