import { clock } from '../rehearsal/report-html.ts';
import { escapeXml } from '../rehearsal/svg-chart.ts';
import type { ElbApiLimits } from '../sandbox/elb-api-limits.ts';
import type { CampaignSummary } from './summary.ts';

const COLOURS: Readonly<Record<string, string>> = {
  succeeded: '#2e7d32',
  rolled_back: '#c62828',
  failed: '#6a1b9a',
  rejected: '#ef6c00',
  paused: '#f9a825',
};
const WIDTH = 960;
const ROW = 22;
const LABEL = 150;

/**
 * The campaign report, one self-contained HTML file: a timeline bar per service (coloured by outcome,
 * grouped by wave), the ELB API calls per second against the budget, and why anything halted.
 */
export function renderCampaignReport(
  summary: CampaignSummary,
  limits: ElbApiLimits,
  startedAt: number,
): string {
  const span = Math.max(1, summary.durationSeconds);
  const x = (seconds: number) => LABEL + ((WIDTH - LABEL - 10) * seconds) / span;
  const bars = summary.services.map((service, index) => {
    const y = 20 + index * ROW;
    const label = `<text x="4" y="${y + 14}" font-size="12">w${service.wave} ${escapeXml(service.name)}</text>`;
    if (service.startedAtSeconds === null || service.endedAtSeconds === null)
      return `${label}<text x="${LABEL}" y="${y + 14}" font-size="12" fill="#777">${escapeXml(service.outcome.replace('_', ' '))}</text>`;
    const left = x(service.startedAtSeconds);
    const width = Math.max(2, x(service.endedAtSeconds) - left);
    const title = `${service.name}: ${service.outcome} ${clock(service.startedAtSeconds)}–${clock(service.endedAtSeconds)} ${service.reason}`;
    return `${label}<rect x="${left.toFixed(1)}" y="${y + 3}" width="${width.toFixed(1)}" height="${ROW - 6}" fill="${COLOURS[service.outcome] ?? '#555'}"><title>${escapeXml(title)}</title></rect>`;
  });
  const haltLine =
    summary.halt === null
      ? ''
      : `<line x1="${x(summary.halt.atSeconds)}" x2="${x(summary.halt.atSeconds)}" y1="10" y2="${30 + summary.services.length * ROW}" stroke="#000" stroke-dasharray="4 3"/>`;
  const timeline = `<svg width="${WIDTH}" height="${40 + summary.services.length * ROW}" role="img">${bars.join('')}${haltLine}</svg>`;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Campaign ${escapeXml(summary.campaign)} — ${escapeXml(summary.outcome)}</title>
<style>body{font-family:system-ui,sans-serif;margin:2em;max-width:1000px}table{border-collapse:collapse}td,th{padding:2px 8px;border-bottom:1px solid #ddd;text-align:left;font-size:13px}</style></head><body>
<h1>Campaign ${escapeXml(summary.campaign)}: ${escapeXml(summary.outcome.replaceAll('_', ' '))}</h1>
<p>scenario ${escapeXml(summary.scenario)} · seed ${summary.seed} · ${clock(summary.durationSeconds)} of virtual time</p>
${summary.halt === null ? '' : `<p><strong>Halted at ${clock(summary.halt.atSeconds)}:</strong> ${escapeXml(summary.halt.reason)}</p>`}
<h2>Services</h2>${timeline}
<table><tr><th>wave</th><th>service</th><th>outcome</th><th>start</th><th>end</th><th>why</th></tr>
${summary.services.map((s) => `<tr><td>${s.wave}</td><td>${escapeXml(s.name)}</td><td>${escapeXml(s.outcome)}</td><td>${s.startedAtSeconds === null ? '' : clock(s.startedAtSeconds)}</td><td>${s.endedAtSeconds === null ? '' : clock(s.endedAtSeconds)}</td><td>${escapeXml(s.reason)}</td></tr>`).join('\n')}
</table>
<h2>Waves</h2><table><tr><th>wave</th><th>started</th><th>ended</th></tr>
${summary.waves.map((w) => `<tr><td>${w.wave}</td><td>${w.startedAtSeconds === null ? 'never' : clock(w.startedAtSeconds)}</td><td>${w.endedAtSeconds === null ? '' : clock(w.endedAtSeconds)}</td></tr>`).join('\n')}
</table>
<h2>ELB API budget used per second</h2>
<p>peak ${summary.peakElbWritesPerSecond} writes/s (Modify* budget ${summary.elbApiBudget.modify.burst} + ${summary.elbApiBudget.modify.perSecond}/s) · peak ${summary.peakElbReadsPerSecond} reads/s (Describe* budget ${summary.elbApiBudget.describe.burst} + ${summary.elbApiBudget.describe.perSecond}/s) · ${summary.throttles} throttles · ${summary.budgetWaits.count} waits for a token</p>
${budgetChart(limits, startedAt, span, summary)}
</body></html>
`;
}

/** Calls per second as columns (reads grey, writes red), with the sustained rates as lines. */
function budgetChart(
  limits: ElbApiLimits,
  startedAt: number,
  span: number,
  summary: CampaignSummary,
): string {
  const height = 160;
  const rows = limits.perSecond(startedAt);
  const top = Math.max(summary.elbApiBudget.describe.perSecond, ...rows.map((r) => r.describe + r.modify), 1);
  const x = (second: number) => LABEL + ((WIDTH - LABEL - 10) * second) / span;
  const y = (value: number) => height - 10 - ((height - 20) * value) / top;
  const columns = rows.map(
    (r) =>
      `<rect x="${x(r.second).toFixed(1)}" y="${y(r.describe).toFixed(1)}" width="1" height="${(height - 10 - y(r.describe)).toFixed(1)}" fill="#999"/>` +
      (r.modify > 0
        ? `<rect x="${x(r.second).toFixed(1)}" y="${y(r.modify).toFixed(1)}" width="2" height="${(height - 10 - y(r.modify)).toFixed(1)}" fill="#c62828"><title>${r.modify} writes at ${clock(r.second)}</title></rect>`
        : ''),
  );
  const rate = (value: number, label: string) =>
    `<line x1="${LABEL}" x2="${WIDTH - 10}" y1="${y(value)}" y2="${y(value)}" stroke="#333" stroke-dasharray="3 3"/><text x="4" y="${y(value) + 4}" font-size="11">${escapeXml(label)}</text>`;
  return `<svg width="${WIDTH}" height="${height}" role="img">${columns.join('')}${rate(summary.elbApiBudget.describe.perSecond, `reads ${summary.elbApiBudget.describe.perSecond}/s`)}${rate(summary.elbApiBudget.modify.perSecond, `writes ${summary.elbApiBudget.modify.perSecond}/s`)}</svg>`;
}
