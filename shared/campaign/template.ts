import { type PlanProblem, problem } from '#plan/problems';

const PLACEHOLDER = /\$\{([A-Za-z][A-Za-z0-9_]*)\}/g;

/**
 * Fills `${key}` placeholders in every string of a plan template. A string that is exactly one
 * placeholder takes the value's own type (`steps: ${steps}` could be a number), so `bake: ${bake}`
 * and `minHealthyTargets: ${min}` both work. Unknown keys are problems naming where they were used.
 */
export function fillTemplate(
  template: unknown,
  values: Readonly<Record<string, string | number | boolean>>,
  service: { readonly name: string; readonly index: number },
): { readonly document: unknown; readonly problems: readonly PlanProblem[] } {
  const problems: PlanProblem[] = [];
  const known = Object.keys(values).sort();
  const fill = (node: unknown, path: readonly (string | number)[]): unknown => {
    if (typeof node === 'string') return fillString(node, path);
    if (Array.isArray(node)) return node.map((item, index) => fill(item, [...path, index]));
    if (typeof node === 'object' && node !== null)
      return Object.fromEntries(
        Object.entries(node).map(([key, value]) => [key, fill(value, [...path, key])]),
      );
    return node;
  };
  const fillString = (text: string, path: readonly (string | number)[]): unknown => {
    const whole = /^\$\{([A-Za-z][A-Za-z0-9_]*)\}$/.exec(text);
    if (whole !== null && (whole[1] as string) in values) return values[whole[1] as string];
    return text.replace(PLACEHOLDER, (match, key: string) => {
      if (key in values) return String(values[key]);
      problems.push(
        problem(
          ['template', ...path],
          `placeholder \${${key}} has no value for service ${service.name}; allowed ${known.map((k) => `\${${k}}`).join(', ')}`,
          `add ${key} to services[${service.index}].values`,
        ),
      );
      return match;
    });
  };
  return { document: fill(template, []), problems };
}
