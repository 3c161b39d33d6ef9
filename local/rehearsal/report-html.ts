import { formatWeights } from '#core/weights';
import type { ResolvedPlan } from '#plan/types';
import type { RehearsalSummary } from './summary.ts';
import { escapeXml, lineChart, type Marker, type Series } from './svg-chart.ts';
import type { Timeline } from './timeline.ts';

const PALETTE = ['#2563eb', '#16a34a', '#9333ea', '#ea580c', '#0891b2'];
const OUTCOME_COLORS: Readonly<Record<string, string>> = {
  succeeded: '#15803d',
  rolled_back: '#b91c1c',
  rejected: '#b45309',
  paused: '#6d28d9',
  failed: '#374151',
};
const VERDICT_COLORS: Readonly<Record<string, string>> = {
  pass: '#16a34a',
  inconclusive: '#a3a3a3',
  fail: '#dc2626',
};

/**
 * One self-contained HTML file: inline CSS and SVG, no script, no external asset, so it opens from
 * disk with no network. Weight per target over time, 5XX % and p99 per target per minute, every gate
 * poll's verdict, the faults, and the rollback moment with its reason.
 */
export function renderReport(opts: {
  readonly plan: ResolvedPlan;
  readonly summary: RehearsalSummary;
  readonly timeline: Timeline;
}): string {
  const { plan, summary, timeline } = opts;
  const charts = reportCharts(plan, summary, timeline);
  const outcomeColor = OUTCOME_COLORS[summary.outcome] ?? '#374151';
  const headline = headlineOf(summary);

  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Rehearsal ${escapeXml(summary.plan)} — ${escapeXml(summary.outcome)}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
body{font:14px/1.45 system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:24px auto;max-width:1120px;color:#111827;padding:0 16px}
h1{font-size:22px;margin:0 0 4px}h2{font-size:16px;margin:28px 0 8px}
.badge{display:inline-block;padding:2px 10px;border-radius:12px;color:#fff;font-weight:600;background:${outcomeColor}}
.meta{color:#4b5563}.headline{font-size:15px;margin:12px 0;padding:10px 12px;border-left:4px solid ${outcomeColor};background:#f9fafb}
figure{margin:10px 0 18px}figcaption{font-size:12px;color:#374151}.key{margin-right:14px}.key i{display:inline-block;width:12px;height:3px;margin-right:5px;vertical-align:middle}
svg .title{font-size:13px;font-weight:600;fill:#111827}svg .axis{font-size:11px;fill:#6b7280}svg .grid{stroke:#e5e7eb}svg .axisline{stroke:#9ca3af}
svg .threshold{stroke:#dc2626;stroke-dasharray:2 3}svg .shade{fill:#9ca3af;opacity:.18}svg .thresholdlabel{font-size:11px;fill:#dc2626}svg .marker{font-size:11px;font-weight:600}
table{border-collapse:collapse;font-size:13px;margin:6px 0}td,th{border-bottom:1px solid #e5e7eb;padding:4px 10px;text-align:left;vertical-align:top}th{background:#f3f4f6}
td.num{text-align:right;font-variant-numeric:tabular-nums}pre{background:#f3f4f6;padding:10px;overflow:auto;font-size:12px}
</style></head><body>
<h1>Rehearsal of ${escapeXml(summary.plan)} <span class="badge">${escapeXml(summary.outcome.replace('_', ' '))}</span></h1>
<div class="meta">scenario ${escapeXml(summary.scenario)} · seed ${summary.seed} · virtual start ${escapeXml(timeline.startedAt)} · ${clock(summary.durationSeconds)} of virtual time · ${summary.stateTransitions} state transitions</div>
<div class="headline">${escapeXml(headline)}</div>
<div class="meta">start ${escapeXml(formatWeights(summary.startWeights))} → final ${escapeXml(formatWeights(summary.finalWeights))}</div>
${charts.join('\n')}
<h2>Steps</h2>
${table(
  ['step', 'weights', 'started', 'result'],
  summary.steps.map((step, index) => [
    String(index + 1),
    formatWeights(step.weights),
    clock(step.startedAtSeconds),
    step.result,
  ]),
)}
<h2>Faults</h2>
${
  timeline.faults.length === 0
    ? '<p class="meta">none — a healthy world</p>'
    : table(
        ['at', 'kind', 'fault'],
        timeline.faults.map((fault) => [clock(fault.atSeconds), fault.kind, fault.description]),
      )
}
<h2>Events</h2>
${table(
  ['at', 'event', 'step', 'reason'],
  timeline.events.map((event) => [
    clock(event.atSeconds),
    event.type,
    event.step === null ? '' : String(event.step + 1),
    event.reason,
  ]),
)}
<h2>AWS API calls</h2>
${table(
  ['API', 'calls'],
  Object.entries(summary.apiCalls).map(([api, count]) => [api, String(count)]),
  [false, true],
)}
<h2>Summary (JSON)</h2>
<pre>${escapeXml(JSON.stringify(summary, null, 2))}</pre>
</body></html>
`;
}

/** The SVG charts: weights, 5XX and p99 per target, the judge's view, and the verdict strip. */
function reportCharts(plan: ResolvedPlan, summary: RehearsalSummary, timeline: Timeline): string[] {
  const minutes = (seconds: number) => seconds / 60;
  // A little room after the end, so a rollback in the last second is visible.
  const xMax = Math.max(minutes(timeline.endedAtSeconds) * 1.03, minutes(timeline.endedAtSeconds) + 0.5, 1);
  const colors = new Map(
    timeline.targets.map((target, index) => [target.name, PALETTE[index % PALETTE.length] as string]),
  );
  const markers = momentMarkers(summary, timeline);

  const weightSeries: Series[] = timeline.targets.map(({ name }) => ({
    name,
    color: colors.get(name) ?? '#000',
    stepped: true,
    points: [
      ...timeline.weights.map((change) => [minutes(change.atSeconds), change.weights[name] ?? 0] as const),
      [xMax, timeline.weights[timeline.weights.length - 1]?.weights[name] ?? 0] as const,
    ],
  }));
  const perMinute = (pick: (row: Timeline['minutes'][number]) => number | null): Series[] =>
    timeline.targets.map(({ name }) => ({
      name,
      color: colors.get(name) ?? '#000',
      points: timeline.minutes
        .filter((row) => row.target === name)
        .map((row) => [row.minute + 0.5, pick(row)] as const),
    }));
  const errorSeries = perMinute((row) => (row.requests > 0 ? (row.errors * 100) / row.requests : null));
  const latencySeries = perMinute((row) => row.p99Ms);
  const maxOf = (series: Series[], floor: number) =>
    Math.max(floor, ...series.flatMap((s) => s.points.map(([, value]) => value ?? 0))) * 1.1;
  const errorThreshold = plan.gates.errorRate?.maxPercent;
  const latencyThreshold = plan.gates.latencyP99?.maxMs;

  const shades = unjudgedSpan(timeline);
  const charts = [
    lineChart({
      title: 'Weight per target (percent of the router’s traffic)',
      yLabel: '% traffic',
      xMax,
      yMax: 100,
      series: weightSeries,
      markers,
    }),
    lineChart({
      title: 'Target 5XX per minute (percent of the target’s requests)',
      yLabel: '5XX %',
      xMax,
      yMax: maxOf(errorSeries, (errorThreshold ?? 1) * 1.5),
      series: errorSeries,
      markers,
      thresholds:
        errorThreshold === undefined ? [] : [{ y: errorThreshold, label: `gate ${errorThreshold}%` }],
      shades,
      formatY: (value) => `${Math.round(value * 100) / 100}%`,
    }),
    lineChart({
      title: 'Target response time p99 per minute',
      yLabel: 'p99 ms',
      xMax,
      yMax: maxOf(latencySeries, (latencyThreshold ?? 500) * 1.2),
      series: latencySeries,
      markers,
      thresholds:
        latencyThreshold === undefined ? [] : [{ y: latencyThreshold, label: `gate ${latencyThreshold} ms` }],
      formatY: (value) => `${Math.round(value)}`,
      shades,
    }),
    ...judgeChart(timeline, xMax, markers, shades),
    verdictStrip(timeline, xMax, markers),
  ];
  return charts;
}

/** One sentence on how the rehearsal ended. */
function headlineOf(summary: RehearsalSummary): string {
  const rollback = summary.rollback;
  return rollback
    ? `Rolled back: ${rollback.reason}. Fault at ${clock(rollback.faultAtSeconds)}, detected at ${clock(rollback.detectedAtSeconds)}, snapshot restored at ${clock(rollback.restoredAtSeconds)}.${wayBackText(rollback)}`
    : summary.outcome === 'succeeded'
      ? `Every step passed; final weights ${formatWeights(summary.finalWeights)}.`
      : summary.error
        ? `${summary.error.name}: ${summary.error.cause}`
        : `Ended ${summary.outcome} with weights ${formatWeights(summary.finalWeights)}.`;
}

function momentMarkers(summary: RehearsalSummary, timeline: Timeline): Marker[] {
  const markers: Marker[] = timeline.faults.map((fault) => ({
    x: fault.atSeconds / 60,
    label: `fault: ${fault.description}`,
    color: '#d97706',
  }));
  for (const approval of timeline.approvals) {
    if (approval.answer !== 'approve')
      markers.push({ x: approval.atSeconds / 60, label: `approval ${approval.answer}`, color: '#b45309' });
  }
  if (summary.rollback) {
    markers.push({
      x: summary.rollback.detectedAtSeconds / 60,
      label: `rollback: ${summary.rollback.gate ?? 'decision'}`,
      color: '#b91c1c',
    });
  }
  return markers;
}

/** Every gate poll as a tick coloured by its verdict (pass, inconclusive, fail). */
/**
 * The minutes the judge had not yet seen at the last poll that read metrics: ALB publishes a minute
 * one to three minutes after it closes, so the newest traffic is always judged late.
 */
function unjudgedSpan(timeline: Timeline): { from: number; to: number; label: string }[] {
  const last = [...timeline.polls].reverse().find((poll) => typeof poll.judgedThroughSeconds === 'number');
  if (!last || typeof last.judgedThroughSeconds !== 'number') return [];
  return [
    {
      from: last.judgedThroughSeconds / 60,
      to: last.atSeconds / 60,
      label: 'metrics not yet published at the last poll: the judge could not see these minutes',
    },
  ];
}

/** Each sequential test's evidence at every poll, as a share of what halts the step (1). */
function judgeChart(
  timeline: Timeline,
  xMax: number,
  markers: readonly Marker[],
  shades: ReturnType<typeof unjudgedSpan>,
): string[] {
  const gates = [...new Set(timeline.polls.flatMap((poll) => (poll.evidence ?? []).map((e) => e.gate)))];
  if (gates.length === 0) return [];
  const colors = ['#b91c1c', '#7c3aed', '#0369a1'];
  const series: Series[] = gates.map((gate, index) => ({
    name: gate,
    color: colors[index % colors.length] ?? '#374151',
    points: timeline.polls.map((poll) => {
      const values = (poll.evidence ?? []).filter((e) => e.gate === gate).map((e) => e.progress);
      return [poll.atSeconds / 60, values.length === 0 ? null : Math.min(1.2, Math.max(...values))] as const;
    }),
  }));
  return [
    lineChart({
      title:
        'Judge: evidence of a regression, as a share of what halts the step (log of the e-value ÷ log of the threshold)',
      yLabel: 'toward halt',
      xMax,
      yMax: 1.2,
      series,
      markers,
      thresholds: [{ y: 1, label: 'halt' }],
      formatY: (value) => `${Math.round(value * 100)}%`,
      shades,
    }),
  ];
}

function verdictStrip(timeline: Timeline, xMax: number, markers: readonly Marker[]): string {
  const width = 1080;
  const height = 70;
  const left = 56;
  const right = 16;
  const x = (minutes: number) => left + (Math.min(minutes, xMax) / xMax) * (width - left - right);
  const ticks = timeline.polls.map(
    (poll) =>
      `<rect x="${Math.round(x(poll.atSeconds / 60) * 10) / 10}" y="26" width="2" height="24" fill="${VERDICT_COLORS[poll.verdict] ?? '#6b7280'}"><title>${escapeXml(`${clock(poll.atSeconds)} ${poll.verdict}: ${poll.verdicts.join(', ')}`)}</title></rect>`,
  );
  const lines = markers.map(
    (marker) =>
      `<line x1="${x(marker.x)}" x2="${x(marker.x)}" y1="22" y2="54" stroke="${marker.color}" stroke-dasharray="5 3"/>`,
  );
  const counts = ['pass', 'inconclusive', 'fail'].map(
    (verdict) => `${verdict} ${timeline.polls.filter((poll) => poll.verdict === verdict).length}`,
  );
  return `<figure><svg viewBox="0 0 ${width} ${height}" width="100%" role="img" aria-label="gate verdicts"><text x="${left}" y="16" class="title">Gate verdict at every poll (${counts.join(' · ')})</text><line x1="${left}" x2="${width - right}" y1="50" y2="50" class="axisline"/>${ticks.join('')}${lines.join('')}</svg><figcaption><span class="key"><i style="background:${VERDICT_COLORS.pass}"></i>pass</span><span class="key"><i style="background:${VERDICT_COLORS.inconclusive}"></i>inconclusive</span><span class="key"><i style="background:${VERDICT_COLORS.fail}"></i>fail</span></figcaption></figure>`;
}

function table(
  headers: readonly string[],
  rows: readonly (readonly string[])[],
  numeric: readonly boolean[] = [],
): string {
  const head = headers.map((header) => `<th>${escapeXml(header)}</th>`).join('');
  const body = rows
    .map(
      (row) =>
        `<tr>${row.map((cell, index) => `<td${numeric[index] ? ' class="num"' : ''}>${escapeXml(cell)}</td>`).join('')}</tr>`,
    )
    .join('\n');
  return `<table><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table>`;
}

/** Virtual seconds as `25m00s` (or `—`). */
export function clock(seconds: number | null): string {
  if (seconds === null) return '—';
  const total = Math.round(seconds);
  const hours = Math.floor(total / 3600);
  const mins = Math.floor((total % 3600) / 60);
  const secs = total % 60;
  const mm = String(mins).padStart(hours > 0 ? 2 : 1, '0');
  return `${hours > 0 ? `${hours}h` : ''}${mm}m${String(secs).padStart(2, '0')}s`;
}

/** A stepped rollback's writes before the snapshot (plan `rollback`), for the headline; empty otherwise. */
function wayBackText(rollback: NonNullable<RehearsalSummary['rollback']>): string {
  const steps = (rollback.steps ?? []).slice(0, -1);
  if (steps.length === 0) return '';
  const text = steps
    .map((step) => `${formatWeights(step.weights)} at ${clock(step.atSeconds)}`)
    .join(', then ');
  return ` On the way back: ${text}, then the snapshot.`;
}
