/** One thing wrong with a plan: where (a JSON path such as `steps[2].weights.vm`), what, and how to fix it. */
export interface PlanProblem {
  readonly path: string;
  /** `problem; got X; allowed Y` — the problem, the value found and what is allowed. */
  readonly message: string;
  readonly hint?: string;
}

export type PlanPath = readonly (string | number)[];

/** `steps[2]: weights must sum to 100; got 90 (vm=40, ecs=50) — hint: …` */
export function formatProblem(problem: PlanProblem): string {
  const hint = problem.hint === undefined ? '' : ` — hint: ${problem.hint}`;
  return `${problem.path}: ${problem.message}${hint}`;
}

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_-]*$/;

/** `['steps', 2, 'weights', 'vm']` → `steps[2].weights.vm`; the document itself is `(plan)`. */
export function pathToString(path: PlanPath): string {
  let text = '';
  for (const segment of path) {
    if (typeof segment === 'number') text += `[${segment}]`;
    else if (IDENTIFIER.test(segment)) text += text === '' ? segment : `.${segment}`;
    else text += `[${JSON.stringify(segment)}]`;
  }
  return text === '' ? '(plan)' : text;
}

export function problem(path: PlanPath, message: string, hint?: string): PlanProblem {
  return hint === undefined
    ? { path: pathToString(path), message }
    : { path: pathToString(path), message, hint };
}

/** A value as it appears in a message: strings quoted (shortened), containers by kind and size. */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (typeof value === 'string') {
    const short = value.length > 60 ? `${value.slice(0, 57)}…` : value;
    return JSON.stringify(short);
  }
  if (typeof value === 'number') return Number.isNaN(value) ? 'NaN' : String(value);
  if (typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  if (Array.isArray(value)) return `a list of ${value.length}`;
  if (typeof value === 'object') return 'a mapping';
  return typeof value;
}

/** Optimal string alignment distance (Levenshtein plus adjacent transpositions), case-insensitive. */
export function editDistance(a: string, b: string): number {
  const s = a.toLowerCase();
  const t = b.toLowerCase();
  const rows = s.length + 1;
  const cols = t.length + 1;
  const d: number[][] = Array.from({ length: rows }, (_, i) =>
    Array.from({ length: cols }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  const at = (i: number, j: number): number => d[i]?.[j] ?? Number.POSITIVE_INFINITY;
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const cost = s[i - 1] === t[j - 1] ? 0 : 1;
      let best = Math.min(at(i - 1, j) + 1, at(i, j - 1) + 1, at(i - 1, j - 1) + cost);
      if (i > 1 && j > 1 && s[i - 1] === t[j - 2] && s[i - 2] === t[j - 1])
        best = Math.min(best, at(i - 2, j - 2) + 1);
      (d[i] as number[])[j] = best;
    }
  }
  return at(rows - 1, cols - 1);
}

/** The closest candidate to a near-miss (`intervall` → `interval`), or undefined when none is close. */
export function closestMatch(word: string, candidates: readonly string[]): string | undefined {
  const limit = word.length <= 4 ? 1 : word.length <= 8 ? 2 : 3;
  const lower = word.toLowerCase();
  // Abbreviations and spelled-out words (`monday` → `mon`) are near-misses too.
  const prefixed = candidates.find(
    (c) =>
      c.length >= 3 &&
      (lower.startsWith(c.toLowerCase()) || c.toLowerCase().startsWith(lower)) &&
      lower.length >= 3,
  );
  if (prefixed !== undefined) return prefixed;
  let best: { candidate: string; distance: number } | undefined;
  for (const candidate of candidates) {
    const distance = editDistance(word, candidate);
    if (distance <= limit && (best === undefined || distance < best.distance)) best = { candidate, distance };
  }
  return best?.candidate;
}

/** `did you mean \`interval\`?` when one candidate is close. */
export function didYouMean(word: string, candidates: readonly string[]): string | undefined {
  const match = closestMatch(word, candidates);
  return match === undefined ? undefined : `did you mean \`${match}\`?`;
}
