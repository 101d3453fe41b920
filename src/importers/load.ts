import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAutoVenture, type AutoVentureTool } from './ai-tools-autoventure.js';
import { parseAwesomeAiTools } from './awesome-ai-tools.js';
import { parseAwesomeGenerativeAi } from './awesome-generative-ai.js';
import type { AwesomeProduct } from './awesome-list.js';
import { ImportValidationError, type RowError } from './errors.js';
import { parseGenAiPrices, type GenAiModel } from './genai-prices.js';
import { parseOssCollection, parseRepoMetadata, type OssCollection, type RepoMetadata } from './github-ai-repos.js';
import { parseGithubRanking, type GithubRankingRow } from './github-ranking.js';
import { parseHuggingFaceTrending, type HfModel } from './huggingface-trending.js';
import { parseLiteLlm, type LiteLlmEntry } from './litellm.js';
import { parseArenaLeaderboard, parseArenaScatterplot, type ArenaModelInfo, type ArenaRating } from './lmarena.js';
import { parseModelsDevModels, parseModelsDevProviders, type ModelsDevLabModel, type ModelsDevProviderModel } from './models-dev.js';
import { parseOpenRouter, type OpenRouterModel } from './openrouter.js';
import { SOURCE_SPECS, type SourceId } from './sources.js';
import { FILE_ROW } from './errors.js';
import type { ParseResult } from './validate.js';

/** Every shipped source, validated. */
export interface LoadedSources {
  openrouter: OpenRouterModel[];
  litellm: LiteLlmEntry[];
  genaiPrices: GenAiModel[];
  modelsDevProviders: ModelsDevProviderModel[];
  modelsDevModels: ModelsDevLabModel[];
  arena: { text: ArenaRating[]; vision: ArenaRating[]; image: ArenaRating[]; info: ArenaModelInfo[] };
  autoventure: AutoVentureTool[];
  awesomeGenerativeAi: AwesomeProduct[];
  awesomeAiTools: AwesomeProduct[];
  huggingface: HfModel[];
  githubRanking: GithubRankingRow[];
  repoMetadata: RepoMetadata[];
  collections: OssCollection[];
  /** snapshot date per source (ISO yyyy-mm-dd) */
  dates: Record<SourceId, string>;
}

export interface SourceOverrides {
  openrouter?: unknown;
  litellm?: unknown;
}

/** The folder that holds the per-source folders: `dir` itself, or `dir/sources`. */
export function resolveSourcesDir(dir: string): string {
  if (existsSync(join(dir, SOURCE_SPECS.openrouter.folder))) return dir;
  if (existsSync(join(dir, 'sources', SOURCE_SPECS.openrouter.folder))) return join(dir, 'sources');
  return dir;
}

function filePath(dir: string, id: SourceId, file: string): string {
  const spec = SOURCE_SPECS[id];
  return join(dir, spec.folder, spec.files[file]);
}

function readText(source: SourceId, path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (e) {
    throw new ImportValidationError(source, [{ row: FILE_ROW, path: '', message: `cannot read ${path}: ${(e as Error).message}` }]);
  }
}

/** Reads and JSON-parses a file; a parse failure is a file-level validation error. */
/** Marks "no such file" for readJsonFile's `missing` option. */
export const NO_FILE: unique symbol = Symbol('no file');

export function readJsonFile(source: string, path: string): unknown;
/** With `missing`: a file that does not exist gives that value instead of an error. */
export function readJsonFile<M>(source: string, path: string, opts: { missing: M }): unknown | M;
export function readJsonFile<M>(source: string, path: string, opts?: { missing: M }): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    if (opts && (e as NodeJS.ErrnoException).code === 'ENOENT') return opts.missing;
    throw new ImportValidationError(source, [{ row: FILE_ROW, path: '', message: `cannot read ${path}: ${(e as Error).message}` }]);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (e) {
    throw new ImportValidationError(source, [{ row: FILE_ROW, path: '', message: `invalid JSON in ${path}: ${(e as Error).message}` }]);
  }
}

/** Throws ImportValidationError when a parse reported any error; returns the rows otherwise. */
export function requireValid<T>(source: string, result: ParseResult<T>): T[] {
  if (result.errors.length) throw new ImportValidationError(source, result.errors);
  return result.rows;
}

function isoDay(s: string | null | undefined): string | null {
  return s && /^\d{4}-\d{2}-\d{2}/.test(s) ? s.slice(0, 10) : null;
}

/** Reads, validates and returns every shipped source; any error in any file throws before anything is merged. */
export function loadSources(dirArg: string, overrides: SourceOverrides = {}, today?: string): LoadedSources {
  const dir = resolveSourcesDir(dirArg);
  const dates = Object.fromEntries(Object.values(SOURCE_SPECS).map((s) => [s.id, s.date])) as Record<SourceId, string>;
  const overrideDay = today ?? new Date().toISOString().slice(0, 10);
  const json = (id: SourceId, file: string) => readJsonFile(id, filePath(dir, id, file));

  const openrouter = requireValid('openrouter', parseOpenRouter(overrides.openrouter ?? json('openrouter', 'models')));
  if (overrides.openrouter !== undefined) dates.openrouter = overrideDay;

  const lite = parseLiteLlm(overrides.litellm ?? json('litellm', 'prices'));
  const litellm = requireValid('litellm', lite);
  if (overrides.litellm !== undefined) dates.litellm = isoDay(lite.lastUpdated) ?? overrideDay;

  const genaiPrices = requireValid('genai-prices', parseGenAiPrices(json('genai-prices', 'data')));
  const modelsDevProviders = requireValid('models-dev', parseModelsDevProviders(json('models-dev', 'providers')));
  const modelsDevModels = requireValid('models-dev', parseModelsDevModels(json('models-dev', 'models')));

  const arena = {
    text: requireValid('lmarena', parseArenaLeaderboard(json('lmarena', 'text'))),
    vision: requireValid('lmarena', parseArenaLeaderboard(json('lmarena', 'vision'))),
    image: requireValid('lmarena', parseArenaLeaderboard(json('lmarena', 'image'))),
    info: requireValid('lmarena', parseArenaScatterplot(json('lmarena', 'scatterplot'))),
  };

  const autoventure = requireValid('ai-tools-autoventure', parseAutoVenture(json('ai-tools-autoventure', 'tools')));
  const awesomeGenerativeAi = requireValid('awesome-generative-ai', parseAwesomeGenerativeAi(json('awesome-generative-ai', 'products')));
  const awesomeAiTools = requireValid('awesome-ai-tools', parseAwesomeAiTools(json('awesome-ai-tools', 'products')));
  const huggingface = requireValid('huggingface', parseHuggingFaceTrending(json('huggingface', 'trending')));
  const githubRanking = requireValid('github-ranking', parseGithubRanking(readText('github-ranking', filePath(dir, 'github-ranking', 'ranking'))));
  const repoMetadata = requireValid('github-ai-repos', parseRepoMetadata(json('github-ai-repos', 'metadata')));

  const collDir = filePath(dir, 'github-ai-repos', 'collections');
  const collections: OssCollection[] = [];
  const collErrors: RowError[] = [];
  const files = existsSync(collDir) ? readdirSync(collDir).filter((f) => f.endsWith('.yml')).sort() : [];
  for (const f of files) {
    const r = parseOssCollection(readText('github-ai-repos', join(collDir, f)));
    collErrors.push(...r.errors.map((e) => ({ ...e, row: `${f}:${e.row}` })));
    if (r.collection) collections.push(r.collection);
  }
  if (collErrors.length) throw new ImportValidationError('github-ai-repos', collErrors);

  return {
    openrouter,
    litellm,
    genaiPrices,
    modelsDevProviders,
    modelsDevModels,
    arena,
    autoventure,
    awesomeGenerativeAi,
    awesomeAiTools,
    huggingface,
    githubRanking,
    repoMetadata,
    collections,
    dates,
  };
}
