import { readFileSync } from 'node:fs';

/** The ASL as CDK deploys it, and small walkers for tests that check its structure. */

export interface AslState {
  readonly Type: string;
  readonly Next?: string;
  readonly End?: boolean;
  readonly Resource?: string;
  readonly Parameters?: Record<string, unknown>;
  readonly TimeoutSeconds?: number;
  readonly TimeoutSecondsPath?: string;
  readonly Retry?: readonly {
    ErrorEquals: string[];
    MaxAttempts?: number;
    JitterStrategy?: string;
    MaxDelaySeconds?: number;
  }[];
  readonly Catch?: readonly { ErrorEquals: string[]; Next: string; ResultPath?: string }[];
  readonly Choices?: readonly { Next: string }[];
  readonly Default?: string;
  readonly Error?: string;
  readonly ErrorPath?: string;
}

export interface AslDefinition {
  readonly StartAt: string;
  readonly TimeoutSeconds?: number;
  readonly States: Readonly<Record<string, AslState>>;
}

export const ASL_TEXT = readFileSync(
  new URL('../../state-machines/cutover.asl.json', import.meta.url),
  'utf8',
);

export function loadAsl(): AslDefinition {
  return JSON.parse(ASL_TEXT) as AslDefinition;
}

/** `${ShiftFunctionArn}` placeholders replaced by well-formed Lambda ARNs (what CDK substitutes). */
export function substitutedAsl(): AslDefinition {
  return JSON.parse(
    ASL_TEXT.replace(
      /\$\{(\w+)FunctionArn\}/g,
      'arn:aws:lambda:ap-northeast-1:123456789012:function:cutover-$1',
    ),
  ) as AslDefinition;
}

export function placeholders(): string[] {
  return [...new Set([...ASL_TEXT.matchAll(/\$\{(\w+)\}/g)].map((match) => match[1] ?? ''))].sort();
}

/** Every state name a state can go to next (Next, Choice branches, Default, Catch). */
export function successors(state: AslState): string[] {
  return [
    ...(state.Next ? [state.Next] : []),
    ...(state.Choices ?? []).map((choice) => choice.Next),
    ...(state.Default ? [state.Default] : []),
    ...(state.Catch ?? []).map((catcher) => catcher.Next),
  ];
}

/** States reachable from `start` (inclusive). */
export function reachable(
  definition: AslDefinition,
  start: string,
  options: { stopAt?: readonly string[] } = {},
): Set<string> {
  const seen = new Set<string>();
  const queue = [start];
  while (queue.length > 0) {
    const name = queue.shift() as string;
    if (seen.has(name)) continue;
    seen.add(name);
    if (options.stopAt?.includes(name) && name !== start) continue;
    const state = definition.States[name];
    if (state) queue.push(...successors(state));
  }
  return seen;
}
