/**
 * `catalog report [--json]`: the catalog's coverage, read from the store (products, evidence, the latest scoring run
 * and the coverage record the last import kept) and rendered for a terminal.
 */
import { SIGNALS, type ProductType } from '../core/domain.js';
import { discontinuedWords, SIGNAL_LABELS, typeLabel } from '../core/format.js';
import type { Core } from '../core/app.js';
import { catalogReport, REPORT_LIMITS, type CatalogReport } from '../importers/report.js';
import { formatTarget, planTargetRedirects } from '../core/alerts/target.js';

/** How much of the report's lists the text shows; --json has everything. */
export const REPORT_TEXT_LIMITS = { merges: 20, examples: 3, barWidth: 30 } as const;

/** The report, plus the subscriptions whose product or category the catalog no longer has. */
export type CatalogReportWithSubscriptions = CatalogReport & {
  /** subscriptions following a product that is gone (and was merged nowhere) or a category no product is in */
  orphanedSubscriptions: Array<{ id: number; platform: string; channelId: string; target: string }>;
};

export async function loadCatalogReport(core: Core): Promise<CatalogReportWithSubscriptions> {
  const [products, evidence, scores, run, coverage, subs] = await Promise.all([
    core.catalog.all(),
    core.catalog.evidence(),
    core.latestScores(),
    core.scores.latestRun(),
    core.catalog.coverage(),
    core.subscriptions?.list() ?? Promise.resolve([]),
  ]);
  const report = catalogReport({ products, evidence, scores, run: run && { id: run.id, at: run.at, configVersion: run.configVersion }, coverage });
  // merges were followed at import; what is left pointing nowhere is reported, not guessed
  const stored = subs.map((s) => ({ id: s.id, platform: s.platform, workspaceId: s.workspaceId, channelId: s.channelId, target: formatTarget(s.target) }));
  const orphaned = new Set(planTargetRedirects(stored, new Map(products.map((p) => [p.id, { name: p.name, category: p.category }])), []).orphaned);
  return { ...report, orphanedSubscriptions: stored.filter((s) => orphaned.has(s.id)).map(({ id, platform, channelId, target }) => ({ id, platform, channelId, target })) };
}

const int = (n: number) => n.toLocaleString('en-US');
const pct = (share: number) => `${Math.round(share * 100)}%`;

function table(rows: string[][]): string[] {
  const widths: number[] = [];
  for (const r of rows) r.forEach((c, i) => (widths[i] = Math.max(widths[i] ?? 0, c.length)));
  return rows.map((r) => '  ' + r.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ').trimEnd());
}

function typeName(t: ProductType): string {
  return `${typeLabel(t)}s`;
}

export function renderCatalogReport(r: CatalogReport): string {
  const out: string[] = [];
  const runLine = r.run ? `scoring run #${r.run.id} (${r.run.configVersion}, ${r.run.at.slice(0, 16).replace('T', ' ')})` : 'not scored yet';
  out.push(`Catalog report · ${int(r.entries)} entries · ${runLine}`, '');

  out.push('Entries with evidence, per signal');
  out.push(
    ...table([
      ['', 'entries', ...SIGNALS.map((s) => SIGNAL_LABELS[s])],
      ...r.types.map((t) => [typeName(t.type), int(t.entries), ...SIGNALS.map((s) => `${int(t.signals[s].withEvidence)} (${pct(t.signals[s].share)})`)]),
    ]),
    '',
  );

  out.push('Evidence kinds');
  out.push(...table([['', 'rows', 'entries'], ...r.evidenceKinds.map((k) => [k.kind, int(k.rows), int(k.entries)])]), '');

  if (r.merges === null) out.push('Duplicates merged: not recorded (run `npm run cli -- catalog import` to record them)');
  else if (r.merges.length === 0) out.push('Duplicates merged: none');
  else {
    out.push(`Duplicates merged: ${int(r.merges.length)}`);
    for (const m of r.merges.slice(0, REPORT_TEXT_LIMITS.merges)) out.push(`  ${m.from} → ${m.into} (${m.reason})`);
    if (r.merges.length > REPORT_TEXT_LIMITS.merges) out.push(`  …and ${int(r.merges.length - REPORT_TEXT_LIMITS.merges)} more (--json lists all)`);
  }
  out.push('');

  if (r.discontinued !== null) {
    out.push(`Left out as no longer offered: ${r.discontinued.length ? int(r.discontinued.length) : 'none'}`);
    for (const d of r.discontinued.slice(0, REPORT_TEXT_LIMITS.merges)) out.push(`  ${d.id}: ${discontinuedWords(d)} (${d.source})`);
    if (r.discontinued.length > REPORT_TEXT_LIMITS.merges) out.push(`  …and ${int(r.discontinued.length - REPORT_TEXT_LIMITS.merges)} more (--json lists all)`);
    out.push('');
  }

  out.push('Source rows that matched nothing');
  if (r.unmatched === null) out.push('  not recorded (run `npm run cli -- catalog import` to record them)');
  else
    for (const u of r.unmatched) {
      out.push(`  ${u.label}: ${int(u.unmatched)} of ${int(u.rows)} matched nothing${u.note ? ` (${u.note})` : ''}`);
      const shown = u.examples.slice(0, REPORT_TEXT_LIMITS.examples);
      if (shown.length) out.push(`    e.g. ${shown.map((e) => `${e.name} (${e.detail})`).join(', ')}`);
    }
  out.push('');

  out.push(r.run ? `Score distribution, scoring run #${r.run.id}` : 'Score distribution: no scoring run yet');
  for (const d of r.scores) {
    out.push(`  ${typeName(d.type)} (${int(d.entries)}): most common ${d.mostCommon.map((c) => `${c.score.toFixed(1)} ×${int(c.count)} (${pct(c.share)})`).join(', ') || '—'}`);
    const tie = d.largestCategoryTie;
    if (tie && tie.count > 1) out.push(`    largest tie in one category: ${tie.score.toFixed(1)} ×${int(tie.count)} in ${tie.category} (${pct(tie.share)})`);
    const max = Math.max(1, ...d.buckets.map((b) => b.count));
    for (const b of d.buckets) {
      const label = `${b.from}-${b.to >= 100 ? 100 : b.to - 1}`.padStart(6);
      const bar = '█'.repeat(Math.round((b.count / max) * REPORT_TEXT_LIMITS.barWidth));
      out.push(`    ${label}  ${bar.padEnd(REPORT_TEXT_LIMITS.barWidth)}  ${int(b.count)} (${pct(b.share)})`);
    }
  }
  if ('orphanedSubscriptions' in r) {
    const orphans = (r as CatalogReportWithSubscriptions).orphanedSubscriptions;
    out.push('', `Subscriptions following a product or category the catalog no longer has: ${int(orphans.length)}`);
    for (const o of orphans.slice(0, REPORT_TEXT_LIMITS.merges)) out.push(`  #${o.id} ${o.platform} channel ${o.channelId}: ${o.target}`);
  }
  const t = r.productScoreTarget;
  if (t.mostCommonShare !== null) {
    out.push(
      '',
      `Target: no product score held by more than ${pct(REPORT_LIMITS.maxScoreShare)} of products: ${t.met ? 'met' : 'not met'} (most common holds ${pct(t.mostCommonShare)})`,
    );
  }
  return out.join('\n');
}
