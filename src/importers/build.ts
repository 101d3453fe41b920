import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { deriveCapabilities } from '../core/capabilities.js';
import { JOB_TAXONOMY, type JobTaxonomy } from '../core/jobs.js';
import type { BuildCoverage, CatalogBuild, Evidence, EvidenceKind, MergeRecord, Product, SourceInfo } from '../core/domain.js';
import { matchArena, type ArenaMatchStats } from './arena.js';
import { applyCurated, loadCurated } from './curated.js';
import { formatRowError, ImportValidationError } from './errors.js';
import { applyFacts, FACTS_SOURCE_ID, loadFacts, type FactsApplied } from './facts.js';
import { parseLiteLlm } from './litellm.js';
import { loadSources, readJsonFile, resolveSourcesDir, type SourceOverrides } from './load.js';
import { buildModels } from './models.js';
import { parseOpenRouter } from './openrouter.js';
import { buildProducts } from './products.js';
import { loadMerges, resolveEntities, type EntityReport } from './entities.js';
import { joinRepositories, loadRepoRenames, RepoIndex } from './repos.js';
import { joinHuggingFace } from './hf-join.js';
import { buildCoverage, type Placement } from './report.js';
import { SOURCE_ORDER, sourceInfo } from './sources.js';
import { normalise } from '../core/resolve/normalize.js';

/** data/sources inside the project (never anything outside it). */
export const DEFAULT_SOURCES_DIR = resolve(fileURLToPath(new URL('../../data/sources', import.meta.url)));

export interface BuildOptions {
  /** the data/sources folder (or data/, which holds sources/) */
  dir: string;
  /** freshly downloaded files that replace the shipped ones (already JSON-parsed) */
  overrides?: SourceOverrides;
  /** defaults to curated.json next to the sources folder */
  curatedPath?: string;
  /** folder of facts.json and repo-renames.json; defaults to curated/ next to curatedPath */
  curatedDir?: string;
  /** ISO date recorded for overridden sources that carry no date of their own; defaults to today */
  today?: string;
  /** the curated merge table; defaults to data/curated/merges.json */
  mergesPath?: string;
  /** false builds without entity resolution (to compare before and after merging) */
  entities?: boolean;
  /**
   * Leave out curated references (facts, merge lines) to entries the data no longer has, and report them, instead
   * of failing: for builds over freshly downloaded or synced sources. Defaults to true when `overrides` are given.
   */
  lenient?: boolean;
}

export interface BuildReport {
  models: number;
  products: number;
  evidence: Partial<Record<EvidenceKind, number>>;
  routers: number;
  arena: ArenaMatchStats[];
  /** what entity resolution merged, null when it was switched off */
  entities: EntityReport | null;
  /** entries folded into another by entity resolution */
  merges: MergeRecord[];
  /** source rows that matched nothing, and the merges (stored with the catalog for `catalog report`) */
  coverage: BuildCoverage;
  /** curated facts applied from data/curated/facts.json */
  facts: FactsApplied;
  ms: number;
}

function sortEvidence(evidence: Evidence[]): Evidence[] {
  return evidence.sort(
    (a, b) =>
      a.productId.localeCompare(b.productId) ||
      a.kind.localeCompare(b.kind) ||
      (a.detail ?? '').localeCompare(b.detail ?? '') ||
      a.source.localeCompare(b.source),
  );
}

/**
 * A list entry for a model (e.g. "DeepSeek-R1") merged into its vendor's product would make the model's own
 * name ambiguous; such aliases stay with the model.
 */
function dropAliasesShadowingModels(products: Product[]): void {
  const modelNames = new Set<string>();
  for (const p of products) if (p.type === 'model') for (const n of [p.name, ...p.aliases]) modelNames.add(normalise(n));
  for (const p of products) {
    if (p.type !== 'product') continue;
    p.aliases = p.aliases.filter((a) => !modelNames.has(normalise(a)));
  }
}

/**
 * Listings a sourced fact says are no longer offered leave the catalog with their evidence, and other entries stop
 * naming them as rivals: a shut-down product is not an answer to "alternatives to". The report lists them.
 */
function leaveOutDiscontinued(products: Product[], evidence: Evidence[], gone: ReadonlySet<string>): void {
  if (gone.size === 0) return;
  const keep = (xs: Product[]) => xs.filter((p) => !gone.has(p.id));
  products.splice(0, products.length, ...keep(products));
  evidence.splice(0, evidence.length, ...evidence.filter((e) => !gone.has(e.productId)));
  for (const p of products) if (p.rivals.some((r) => gone.has(r.id))) p.rivals = p.rivals.filter((r) => !gone.has(r.id));
}

/** Builds the catalog and says what it matched. Throws ImportValidationError on any invalid input. */
export function buildCatalogWithReport(opts: BuildOptions): { build: CatalogBuild; report: BuildReport } {
  const started = performance.now();
  const sourcesDir = resolveSourcesDir(opts.dir);
  const curatedPath = opts.curatedPath ?? join(dirname(sourcesDir), 'curated.json');
  const curated = loadCurated(curatedPath);
  const curatedDir = opts.curatedDir ?? join(dirname(curatedPath), 'curated');
  const facts = loadFacts(join(curatedDir, 'facts.json'));
  const renames = loadRepoRenames(join(curatedDir, 'repo-renames.json'));
  const src = loadSources(sourcesDir, opts.overrides ?? {}, opts.today);
  const repos = new RepoIndex(src, renames);

  const models = buildModels(src);
  const lists = buildProducts(src, repos);
  const listProducts = new Map(lists.products.map((p) => [p.id, p]));
  const placements: Placement[] = lists.placements.map((pl) => ({ ...pl, product: listProducts.get(pl.productId)! }));
  const products: Product[] = [...models.products, ...lists.products];
  const evidence: Evidence[] = [...models.evidence, ...lists.evidence];

  applyCurated(products, evidence, curated);

  const arena = matchArena(
    { text: src.arena.text, vision: src.arena.vision, image: src.arena.image },
    src.arena.info,
    products,
    models.keys,
    curated.arenaAliases,
    src.dates.lmarena,
  );
  evidence.push(...arena.evidence);
  const byId = new Map(products.map((p) => [p.id, p]));
  for (const [id, names] of arena.names) {
    const p = byId.get(id);
    if (!p) continue;
    const seen = new Set([p.name.toLowerCase(), ...p.aliases.map((a) => a.toLowerCase())]);
    for (const n of names) if (!seen.has(n.toLowerCase())) (seen.add(n.toLowerCase()), p.aliases.push(n));
    if (!p.provenance.sources.includes('lmarena')) {
      p.provenance.sources = [...p.provenance.sources, 'lmarena'].sort();
    }
  }

  // a build over a fresh download of one source leaves out curated references to entries it no longer has
  const lenient = opts.lenient ?? Object.keys(opts.overrides ?? {}).length > 0;
  const entities =
    opts.entities === false ? null : resolveEntities(products, evidence, loadMerges(opts.mergesPath ?? join(curatedDir, 'merges.json')), { lenient });
  const merges: MergeRecord[] = (entities?.merges ?? []).map((m) => ({ from: m.from, into: m.into, reason: m.reason }));

  // curated facts win over source-derived values; then every repository (from the lists or a fact) brings its stars
  const factsApplied = applyFacts(products, facts, {
    redirects: new Map(merges.map((m) => [m.from, m.into])),
    lenient,
  });
  evidence.push(...factsApplied.evidence);
  leaveOutDiscontinued(products, evidence, new Set(factsApplied.discontinued.map((d) => d.id)));
  products.sort((a, b) => a.id.localeCompare(b.id));
  const repoJoin = joinRepositories(products, repos, src.dates);
  evidence.push(...repoJoin.evidence);
  const hfJoin = joinHuggingFace(products, evidence, src.huggingface, curated.huggingfaceRepos, src.dates.huggingface);
  evidence.push(...hfJoin.evidence);
  for (const p of products) {
    if (hfJoin.joined.has(p.id) && !p.provenance.sources.includes('huggingface')) p.provenance.sources = [...p.provenance.sources, 'huggingface'].sort();
  }
  const coverage = buildCoverage({ src, products, evidence, placements, arena: arena.stats, repos, joinedRepos: repoJoin.joined, merges, discontinued: factsApplied.discontinued });

  dropAliasesShadowingModels(products);
  recategoriseByJob(products);
  const derived = deriveCapabilities(products);

  const sources: SourceInfo[] = SOURCE_ORDER.map((id) => sourceInfo(id, src.dates[id]));
  sources.push({ id: 'curated', name: 'Matchgraph curated facts', date: curated.date, licence: 'project data (see data/curated.json notes)' });
  if (factsApplied.date) {
    sources.push({ id: FACTS_SOURCE_ID, name: 'Matchgraph sourced facts', date: factsApplied.date, licence: 'project data; each fact names the page it was checked against (data/curated/facts.json)' });
  }

  const evidenceCounts: Partial<Record<EvidenceKind, number>> = {};
  for (const e of evidence) evidenceCounts[e.kind] = (evidenceCounts[e.kind] ?? 0) + 1;
  const build: CatalogBuild = { products: derived, evidence: sortEvidence(evidence), sources, coverage };
  return {
    build,
    report: {
      models: derived.filter((p) => p.type === 'model').length,
      products: derived.filter((p) => p.type === 'product').length,
      routers: derived.filter((p) => p.type === 'router').length,
      evidence: evidenceCounts,
      arena: arena.stats,
      entities,
      merges,
      coverage,
      facts: factsApplied,
      ms: Math.round(performance.now() - started),
    },
  };
}

/** Reads every shipped source under `dir`, validates it and merges it into one catalog. */
export function buildCatalog(opts: BuildOptions): CatalogBuild {
  return buildCatalogWithReport(opts).build;
}

export type SingleSource = 'openrouter' | 'litellm';

/** Validates a fresh download of one replaceable source; throws ImportValidationError when it is not usable. */
export function validateSingleSource(source: SingleSource, raw: unknown): void {
  const result = source === 'openrouter' ? parseOpenRouter(raw) : parseLiteLlm(raw);
  if (result.errors.length) throw new ImportValidationError(source, result.errors);
}

/** Reads a downloaded JSON file for `source` and checks it before it replaces the shipped copy. */
export function readSingleSource(source: SingleSource, file: string): unknown {
  const raw = readJsonFile(source, file);
  validateSingleSource(source, raw);
  return raw;
}

/** Rebuilds the catalog with one source replaced by a downloaded file (`catalog import openrouter <file>`). */
export function importSingleSource(
  source: SingleSource,
  file: string,
  opts: { dir?: string; curatedPath?: string; today?: string } = {},
): CatalogBuild {
  const raw = readSingleSource(source, file);
  return buildCatalog({ dir: opts.dir ?? DEFAULT_SOURCES_DIR, overrides: { [source]: raw }, curatedPath: opts.curatedPath, today: opts.today });
}

export { ImportValidationError };

/**
 * Categories whose lists mix jobs: "Coding" lists hold frameworks and local runtimes beside coding
 * assistants, "Developer tools" lists hold Cursor, "Agents" holds coding agents.
 */
const RECATEGORISED: ReadonlySet<string> = new Set(['Coding', 'Developer tools', 'Agents']);

/** A product in a mixed category moves to the category its job is listed under (data/jobs.json `listedUnder`). */
export function recategoriseByJob(products: Product[], taxonomy: JobTaxonomy = JOB_TAXONOMY): void {
  for (const p of products) {
    if (p.type !== 'product' || !RECATEGORISED.has(p.category)) continue;
    const to = taxonomy.jobOf(p)?.listedUnder;
    if (to) p.category = to;
  }
}

/** Curated references a lenient build left out, one line each: "merges row 12 field into: no entry with id …". */
export function skippedReferences(report: BuildReport): string[] {
  return [
    ...(report.entities?.skippedMerges ?? []).map((e) => `merges ${formatRowError(e)}`),
    ...report.facts.skipped.map((e) => `facts ${formatRowError(e)}`),
  ];
}
