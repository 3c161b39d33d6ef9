/**
 * Minimal inline-SVG line charts for the rehearsal report: no library, no external asset, so the
 * report opens from disk with no network. x is virtual minutes; y is whatever the series carry.
 */

export interface Series {
  readonly name: string;
  readonly color: string;
  /** [x, y]; a null y breaks the line (no datapoint). */
  readonly points: readonly (readonly [number, number | null])[];
  /** Hold each value until the next point (weights), instead of joining points diagonally. */
  readonly stepped?: boolean;
}

export interface Marker {
  readonly x: number;
  readonly label: string;
  readonly color: string;
}

export interface ChartOptions {
  readonly title: string;
  readonly yLabel: string;
  readonly xMax: number;
  readonly yMax: number;
  readonly series: readonly Series[];
  readonly markers?: readonly Marker[];
  readonly thresholds?: readonly { readonly y: number; readonly label: string }[];
  /** Shaded spans of x, e.g. minutes the judge could not see yet (published late). */
  readonly shades?: readonly { readonly from: number; readonly to: number; readonly label: string }[];
  readonly width?: number;
  readonly height?: number;
  readonly formatY?: (value: number) => string;
}

const MARGIN = { left: 56, right: 16, top: 28, bottom: 34 };

export function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

export function lineChart(options: ChartOptions): string {
  const width = options.width ?? 1080;
  const height = options.height ?? 240;
  const plotW = width - MARGIN.left - MARGIN.right;
  const plotH = height - MARGIN.top - MARGIN.bottom;
  const xMax = Math.max(options.xMax, 1);
  // Round the y axis up to whole ticks (1, 2 or 5 × a power of ten) so every label is a round number.
  const yTick = roundStep((options.yMax > 0 ? options.yMax : 1) / 4);
  const yMax = yTick * Math.ceil((options.yMax > 0 ? options.yMax : 1) / yTick - 1e-9);
  const x = (value: number) => MARGIN.left + (Math.min(value, xMax) / xMax) * plotW;
  const y = (value: number) => MARGIN.top + plotH - (Math.min(value, yMax) / yMax) * plotH;
  const fmt = options.formatY ?? ((value: number) => String(Math.round(value * 10) / 10));
  const parts: string[] = [];
  parts.push(`<text x="${MARGIN.left}" y="18" class="title">${escapeXml(options.title)}</text>`);
  for (const shade of options.shades ?? []) {
    const from = x(Math.max(0, shade.from));
    const to = x(Math.max(shade.from, shade.to));
    parts.push(
      `<rect x="${from}" y="${MARGIN.top}" width="${Math.max(1, to - from)}" height="${plotH}" class="shade"><title>${escapeXml(shade.label)}</title></rect>`,
    );
  }
  for (let i = 0; i * yTick <= yMax + 1e-9; i++) {
    const value = Number((i * yTick).toPrecision(12));
    parts.push(
      `<line x1="${MARGIN.left}" x2="${width - MARGIN.right}" y1="${y(value)}" y2="${y(value)}" class="grid"/>`,
    );
    parts.push(
      `<text x="${MARGIN.left - 6}" y="${y(value) + 4}" class="axis" text-anchor="end">${escapeXml(fmt(value))}</text>`,
    );
  }
  const tick = niceTick(xMax);
  for (let value = 0; value <= xMax + 1e-9; value += tick) {
    parts.push(
      `<line x1="${x(value)}" x2="${x(value)}" y1="${MARGIN.top + plotH}" y2="${MARGIN.top + plotH + 4}" class="axisline"/>`,
    );
    parts.push(
      `<text x="${x(value)}" y="${MARGIN.top + plotH + 16}" class="axis" text-anchor="middle">${Math.round(value)}</text>`,
    );
  }
  parts.push(
    `<text x="${width - MARGIN.right}" y="${height - 4}" class="axis" text-anchor="end">virtual minutes</text>`,
  );
  parts.push(
    `<text x="12" y="${MARGIN.top + plotH / 2}" class="axis" transform="rotate(-90 12 ${MARGIN.top + plotH / 2})" text-anchor="middle">${escapeXml(options.yLabel)}</text>`,
  );
  parts.push(
    `<line x1="${MARGIN.left}" x2="${MARGIN.left}" y1="${MARGIN.top}" y2="${MARGIN.top + plotH}" class="axisline"/>`,
  );
  parts.push(
    `<line x1="${MARGIN.left}" x2="${width - MARGIN.right}" y1="${MARGIN.top + plotH}" y2="${MARGIN.top + plotH}" class="axisline"/>`,
  );
  for (const threshold of options.thresholds ?? []) {
    if (threshold.y > yMax) continue;
    parts.push(
      `<line x1="${MARGIN.left}" x2="${width - MARGIN.right}" y1="${y(threshold.y)}" y2="${y(threshold.y)}" class="threshold"/>`,
    );
    parts.push(
      `<text x="${width - MARGIN.right - 4}" y="${y(threshold.y) - 4}" class="thresholdlabel" text-anchor="end">${escapeXml(threshold.label)}</text>`,
    );
  }
  for (const series of options.series) {
    for (const path of paths(series, x, y)) {
      parts.push(`<path d="${path}" fill="none" stroke="${series.color}" stroke-width="2"/>`);
    }
  }
  (options.markers ?? []).forEach((marker, index) => {
    parts.push(
      `<line x1="${x(marker.x)}" x2="${x(marker.x)}" y1="${MARGIN.top}" y2="${MARGIN.top + plotH}" stroke="${marker.color}" stroke-width="1.5" stroke-dasharray="5 3"/>`,
    );
    const labelY = MARGIN.top + 12 + (index % 3) * 13;
    const anchor = x(marker.x) > width - 220 ? 'end' : 'start';
    const dx = anchor === 'end' ? -4 : 4;
    parts.push(
      `<text x="${x(marker.x) + dx}" y="${labelY}" fill="${marker.color}" class="marker" text-anchor="${anchor}">${escapeXml(marker.label)}</text>`,
    );
  });
  const legend = options.series
    .map(
      (series) =>
        `<span class="key"><i style="background:${series.color}"></i>${escapeXml(series.name)}</span>`,
    )
    .join('');
  return `<figure><svg viewBox="0 0 ${width} ${height}" width="100%" role="img" aria-label="${escapeXml(options.title)}">${parts.join('')}</svg><figcaption>${legend}</figcaption></figure>`;
}

function paths(series: Series, x: (v: number) => number, y: (v: number) => number): string[] {
  const result: string[] = [];
  let current = '';
  let previous: readonly [number, number] | undefined;
  const round = (value: number) => Math.round(value * 10) / 10;
  for (const [px, py] of series.points) {
    if (py === null) {
      if (current) result.push(current);
      current = '';
      previous = undefined;
      continue;
    }
    if (!current) current = `M${round(x(px))} ${round(y(py))}`;
    else if (series.stepped && previous)
      current += ` L${round(x(px))} ${round(y(previous[1]))} L${round(x(px))} ${round(y(py))}`;
    else current += ` L${round(x(px))} ${round(y(py))}`;
    previous = [px, py];
  }
  if (current) result.push(current);
  return result;
}

/** The smallest 1, 2 or 5 × 10ⁿ at least `raw`. */
function roundStep(raw: number): number {
  const power = 10 ** Math.floor(Math.log10(raw));
  for (const factor of [1, 2, 5, 10]) if (factor * power >= raw - 1e-12) return factor * power;
  return 10 * power;
}

function niceTick(max: number): number {
  for (const step of [1, 2, 5, 10, 15, 30, 60, 120, 240, 480, 1440]) if (max / step <= 12) return step;
  return Math.ceil(max / 12);
}
