/**
 * Rank-history and score-history charts from the stored scoring runs (the `history` of product
 * views), drawn as SVG: inline on the pages, and rasterised to PNG with resvg for the chart URLs
 * and chat attachments. With fewer than two runs the chart says so instead of drawing one point.
 */
import { renderAsync } from '@resvg/resvg-js';
import { truncate } from '../core/format.js';
import { esc } from './html.js';

/** Sizes of the chart, in one place. */
export const CHART = {
  width: 640,
  height: 360,
  /** PNG pixels per SVG unit (sharp on high-density screens and in chat previews) */
  pngZoom: 2,
  /** longest product name in the legend */
  legendChars: 36,
  font: 'DejaVu Sans, Liberation Sans, Arial, sans-serif',
} as const;

export interface ChartPoint {
  at: string;
  /** UnfragileRank 0-100 */
  score: number;
  /** position overall, 1 = first */
  overall: number;
}

export interface ChartSeries {
  name: string;
  points: ChartPoint[];
}

/** Distinct in hue and lightness, each at least 4.5:1 against white; markers differ in shape too. */
const COLOURS = ['#1d4ed8', '#b45309', '#047857'];
const TEXT = '#1f2937';
const GRID = '#d1d5db';

function marker(i: number, x: number, y: number, colour: string): string {
  const p = (n: number) => n.toFixed(1);
  if (i % 3 === 1) return `<rect x="${p(x - 3.5)}" y="${p(y - 3.5)}" width="7" height="7" fill="${colour}"/>`;
  if (i % 3 === 2) return `<path d="M${p(x)} ${p(y - 4.5)}L${p(x + 4.5)} ${p(y + 3.5)}L${p(x - 4.5)} ${p(y + 3.5)}Z" fill="${colour}"/>`;
  return `<circle cx="${p(x)}" cy="${p(y)}" r="4" fill="${colour}"/>`;
}

function niceMax(n: number): number {
  if (n <= 10) return 10;
  const step = 10 ** Math.floor(Math.log10(n));
  for (const m of [1, 2, 2.5, 5, 10]) if (m * step >= n) return m * step;
  return 10 * step;
}

const day = (iso: string) => iso.slice(0, 10);

/** A chart title for these series: "Rank history: A" or "Rank history: A vs B". */
export function chartTitle(series: readonly ChartSeries[]): string {
  return `Rank history: ${series.map((s) => s.name).join(' vs ')}`;
}

/** The runs on the chart: every distinct run time of any series, oldest first. */
function runTimes(series: readonly ChartSeries[]): string[] {
  return [...new Set(series.flatMap((s) => s.points.map((p) => p.at)))].sort();
}

/**
 * The chart as a standalone SVG document (role="img", with a title and a description that says
 * what it shows in words). Two panels share the run axis: UnfragileRank (0-100) above, position
 * overall (#1 at the top) below.
 */
export function historySvg(series: readonly ChartSeries[]): string {
  const { width: W, height: H } = CHART;
  const title = chartTitle(series);
  const runs = runTimes(series);
  const head = (desc: string) =>
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" role="img" aria-labelledby="chart-title chart-desc" font-family="${CHART.font}">` +
    `<title id="chart-title">${esc(title)}</title><desc id="chart-desc">${esc(desc)}</desc>` +
    `<rect width="${W}" height="${H}" fill="#ffffff"/>` +
    `<text x="16" y="26" font-size="16" font-weight="bold" fill="${TEXT}">${esc(truncate(title, 70))}</text>`;

  if (runs.length < 2) {
    const when = runs[0] ? ` (${day(runs[0])})` : '';
    const lines = [
      runs.length === 0 ? 'No scoring run has placed these yet.' : `Only one scoring run so far${when}: no history to draw yet.`,
      ...series.flatMap((s) => {
        const p = s.points[s.points.length - 1];
        return p ? [`${truncate(s.name, 48)}: ${Math.round(p.score)}/100, #${p.overall} overall`] : [];
      }),
      'The chart appears after the next scoring run.',
    ];
    const desc = lines.join(' ');
    return (
      head(desc) +
      lines.map((l, i) => `<text x="${W / 2}" y="${130 + i * 28}" font-size="15" text-anchor="middle" fill="${TEXT}">${esc(l)}</text>`).join('') +
      '</svg>'
    );
  }

  const left = 64;
  const right = W - 20;
  const legendY = 48;
  const top1 = 92;
  const bottom1 = 200;
  const top2 = 238;
  const bottom2 = H - 40;
  const x = (i: number) => left + ((right - left) * i) / (runs.length - 1);
  const ySc = (v: number) => bottom1 - ((bottom1 - top1) * Math.max(0, Math.min(100, v))) / 100;
  const worst = niceMax(Math.max(...series.flatMap((s) => s.points.map((p) => p.overall))));
  const yPos = (n: number) => top2 + ((bottom2 - top2) * (n - 1)) / Math.max(1, worst - 1);
  const index = new Map(runs.map((r, i) => [r, i]));

  const out: string[] = [];
  // legend
  let lx = left;
  series.forEach((s, i) => {
    const label = truncate(s.name, CHART.legendChars);
    out.push(`<line x1="${lx}" y1="${legendY}" x2="${lx + 22}" y2="${legendY}" stroke="${COLOURS[i % 3]}" stroke-width="2.5"/>`);
    out.push(marker(i, lx + 11, legendY, COLOURS[i % 3]!));
    out.push(`<text x="${lx + 28}" y="${legendY + 5}" font-size="13" fill="${TEXT}">${esc(label)}</text>`);
    lx += 40 + label.length * 7.2;
  });
  // panel axes and grid
  const panel = (t: number, b: number, label: string, ticks: Array<[number, string]>) => {
    out.push(`<text x="${left}" y="${t - 10}" font-size="12" fill="${TEXT}">${esc(label)}</text>`);
    for (const [y, text] of ticks) {
      out.push(`<line x1="${left}" y1="${y.toFixed(1)}" x2="${right}" y2="${y.toFixed(1)}" stroke="${GRID}" stroke-width="1"/>`);
      out.push(`<text x="${left - 8}" y="${(y + 4).toFixed(1)}" font-size="11" text-anchor="end" fill="${TEXT}">${esc(text)}</text>`);
    }
    out.push(`<line x1="${left}" y1="${b}" x2="${right}" y2="${b}" stroke="${TEXT}" stroke-width="1"/>`);
  };
  panel(top1, bottom1, 'UnfragileRank (0-100)', [0, 25, 50, 75, 100].map((v) => [ySc(v), String(v)]));
  const posTicks = [1, Math.round(worst / 2), worst].map((n) => [yPos(n), `#${n}`] as [number, string]);
  panel(top2, bottom2, 'Position overall (#1 at the top)', posTicks);
  // run axis: first and last date, and the number of runs
  out.push(`<text x="${left}" y="${H - 18}" font-size="11" fill="${TEXT}">${esc(day(runs[0]!))}</text>`);
  out.push(`<text x="${right}" y="${H - 18}" font-size="11" text-anchor="end" fill="${TEXT}">${esc(day(runs[runs.length - 1]!))}</text>`);
  out.push(`<text x="${(left + right) / 2}" y="${H - 18}" font-size="11" text-anchor="middle" fill="${TEXT}">${runs.length} scoring runs</text>`);
  // lines
  series.forEach((s, i) => {
    const c = COLOURS[i % 3]!;
    const pts = s.points.filter((p) => index.has(p.at)).map((p) => ({ x: x(index.get(p.at)!), ys: ySc(p.score), yp: yPos(p.overall) }));
    if (pts.length === 0) return;
    const path = (key: 'ys' | 'yp') => pts.map((p, k) => `${k ? 'L' : 'M'}${p.x.toFixed(1)} ${p[key].toFixed(1)}`).join('');
    out.push(`<path d="${path('ys')}" fill="none" stroke="${c}" stroke-width="2.5"/>`);
    out.push(`<path d="${path('yp')}" fill="none" stroke="${c}" stroke-width="2.5"/>`);
    for (const p of pts) out.push(marker(i, p.x, p.ys, c), marker(i, p.x, p.yp, c));
  });
  const desc = series
    .map((s) => {
      const a = s.points[0];
      const b = s.points[s.points.length - 1];
      return a && b ? `${s.name}: from ${Math.round(a.score)}/100 (#${a.overall}) on ${day(a.at)} to ${Math.round(b.score)}/100 (#${b.overall}) on ${day(b.at)}.` : `${s.name}: no runs.`;
    })
    .join(' ');
  return `${head(`${runs.length} scoring runs. ${desc}`)}${out.join('')}</svg>`;
}

/** The SVG as a PNG (CHART.pngZoom times its size), off the event loop. */
export async function svgToPng(svg: string): Promise<Buffer> {
  const image = await renderAsync(svg, {
    fitTo: { mode: 'zoom', value: CHART.pngZoom },
    font: { loadSystemFonts: true, defaultFontFamily: 'DejaVu Sans' },
    background: '#ffffff',
  });
  return image.asPng();
}
