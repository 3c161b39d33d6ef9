import { parseDocument } from 'yaml';
import { PlanInvalidError } from '#core/errors';
import { formatProblem, type PlanProblem } from './problems.ts';

/**
 * Plan text → the raw document (not yet validated). `.json` sources are read as JSON, everything else
 * as YAML 1.2 (which also reads JSON). Syntax errors become problems whose path is
 * `<source>:<line>:<column>` so that editors and terminals can jump to them.
 */
export function parsePlanText(text: string, source: string): unknown {
  const body = text.startsWith('\uFEFF') ? text.slice(1) : text;
  const tooDeep = nestingProblem(body, source);
  if (tooDeep !== undefined) throw new PlanInvalidError([formatProblem(tooDeep)]);
  const problems = source.toLowerCase().endsWith('.json')
    ? jsonProblems(body, source)
    : yamlProblems(body, source);
  if (problems.problems.length > 0) throw new PlanInvalidError(problems.problems.map(formatProblem));
  return problems.value;
}

/** A plan is a few levels deep; parsers recurse per level, so absurd nesting is refused up front. */
const MAX_NESTING = 64;

/** Where flow brackets (`[`, `{`) nest deeper than MAX_NESTING, counted without recursion. */
function nestingProblem(text: string, source: string): PlanProblem | undefined {
  let depth = 0;
  let quote: string | undefined;
  for (let offset = 0; offset < text.length; offset += 1) {
    const char = text[offset];
    if (quote !== undefined) {
      if (char === '\\') offset += 1;
      else if (char === quote) quote = undefined;
    } else if (char === '"' || char === "'") quote = char;
    else if (char === '[' || char === '{') depth += 1;
    else if (char === ']' || char === '}') depth = Math.max(0, depth - 1);
    if (depth > MAX_NESTING) {
      const [line, column] = lineColumnAt(text, offset);
      return syntaxProblem(
        source,
        line,
        column,
        `nested too deep; got more than ${MAX_NESTING} levels of [ and {; allowed at most ${MAX_NESTING} — a plan or scenario is a few levels deep: check for unclosed brackets`,
      );
    }
  }
  return undefined;
}

function syntaxProblem(source: string, line: number, column: number, message: string): PlanProblem {
  return { path: `${source}:${line}:${column}`, message };
}

function jsonProblems(text: string, source: string): { value?: unknown; problems: PlanProblem[] } {
  try {
    return { value: JSON.parse(text) as unknown, problems: [] };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const where = /\(line (\d+) column (\d+)\)/.exec(message);
    const position = /at position (\d+)/.exec(message);
    let [line, column] = [1, 1];
    if (where !== null) [line, column] = [Number(where[1]), Number(where[2])];
    else if (position !== null) [line, column] = lineColumnAt(text, Number(position[1]));
    const what = message.replace(/ in JSON at position \d+.*$/, '').replace(/^JSON\.parse: /, '');
    return { problems: [syntaxProblem(source, line, column, `JSON syntax error: ${what}`)] };
  }
}

function lineColumnAt(text: string, offset: number): [number, number] {
  const before = text.slice(0, offset).split('\n');
  return [before.length, (before[before.length - 1]?.length ?? 0) + 1];
}

const YAML_REWORDS: Readonly<Record<string, string>> = {
  MULTIPLE_DOCS: 'more than one YAML document (---); a plan file holds exactly one plan',
  DUPLICATE_KEY: 'duplicate key; each field may appear once per mapping',
};

function yamlProblems(text: string, source: string): { value?: unknown; problems: PlanProblem[] } {
  const document = parseDocument(text, { prettyErrors: true, uniqueKeys: true });
  const problems = document.errors.map((error) => {
    const position = error.linePos?.[0];
    const headline = (error.message.split('\n')[0] ?? '').replace(/ at line \d+, column \d+:?$/, '');
    return syntaxProblem(
      source,
      position?.line ?? 1,
      position?.col ?? 1,
      `YAML syntax error: ${YAML_REWORDS[error.code] ?? headline}`,
    );
  });
  // Only the first error of a cascade is reliable; later ones often repeat it from another angle.
  const firstPerLine = problems.filter((p, i) => problems.findIndex((q) => q.path === p.path) === i);
  if (firstPerLine.length > 0) return { problems: firstPerLine };
  try {
    return { value: document.toJS({ maxAliasCount: 100 }) as unknown, problems: [] };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { problems: [syntaxProblem(source, 1, 1, `YAML error: ${message}`)] };
  }
}
