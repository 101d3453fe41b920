import type { SourceInfo } from '../core/domain.js';

export type SourceId =
  | 'openrouter'
  | 'litellm'
  | 'genai-prices'
  | 'models-dev'
  | 'lmarena'
  | 'ai-tools-autoventure'
  | 'awesome-generative-ai'
  | 'awesome-ai-tools'
  | 'huggingface'
  | 'github-ranking'
  | 'github-ai-repos';

/** What each shipped source is, where its files live under data/sources/, and its snapshot date and licence (from its README). */
export interface SourceSpec extends SourceInfo {
  id: SourceId;
  folder: string;
  files: Record<string, string>;
}

export const SOURCE_SPECS: Record<SourceId, SourceSpec> = {
  openrouter: {
    id: 'openrouter',
    name: 'OpenRouter',
    date: '2026-05-15',
    licence: 'OpenRouter public API output (no explicit data licence), via models.dev (MIT); credit OpenRouter',
    url: 'https://openrouter.ai/models',
    folder: 'openrouter',
    files: { models: 'models.json' },
  },
  litellm: {
    id: 'litellm',
    name: 'LiteLLM',
    date: '2026-07-24',
    licence: 'MIT (Berri AI)',
    url: 'https://github.com/BerriAI/litellm',
    folder: 'litellm',
    files: { prices: 'model_prices_and_context_window.json' },
  },
  'genai-prices': {
    id: 'genai-prices',
    name: 'genai-prices',
    date: '2026-07-25',
    licence: 'MIT (Pydantic Services Inc.)',
    url: 'https://github.com/pydantic/genai-prices',
    folder: 'genai-prices',
    files: { data: 'data.json' },
  },
  'models-dev': {
    id: 'models-dev',
    name: 'models.dev',
    date: '2026-07-02',
    licence: 'MIT (models.dev)',
    url: 'https://models.dev',
    folder: 'models-dev',
    files: { providers: 'providers.json', models: 'models.json' },
  },
  lmarena: {
    id: 'lmarena',
    name: 'LMArena',
    date: '2025-12-11',
    licence: 'no licence stated (LMArena public leaderboard data); credit LMArena',
    url: 'https://lmarena.ai',
    folder: 'lmarena-arena-catalog',
    files: {
      text: 'leaderboard-text-style-control.json',
      vision: 'leaderboard-vision.json',
      image: 'leaderboard-image.json',
      scatterplot: 'scatterplot-data.json',
    },
  },
  'ai-tools-autoventure': {
    id: 'ai-tools-autoventure',
    name: 'AutoVenture AI tools',
    date: '2026-08-06',
    licence: 'CC BY 4.0 (AutoVenture)',
    url: 'https://autoventure.live',
    folder: 'ai-tools-autoventure',
    files: { tools: 'ai-tools.json' },
  },
  'awesome-generative-ai': {
    id: 'awesome-generative-ai',
    name: 'Awesome Generative AI',
    date: '2026-08-03',
    licence: 'CC0 1.0',
    url: 'https://github.com/steven2358/awesome-generative-ai',
    folder: 'awesome-generative-ai',
    files: { products: 'products.json' },
  },
  'awesome-ai-tools': {
    id: 'awesome-ai-tools',
    name: 'Awesome AI Tools',
    date: '2025-08-24',
    licence: 'MIT (Mahsima Dastan)',
    url: 'https://github.com/mahseema/awesome-ai-tools',
    folder: 'awesome-ai-tools',
    files: { products: 'products.json' },
  },
  huggingface: {
    id: 'huggingface',
    name: 'Hugging Face',
    date: '2026-05-04',
    licence: 'public Hugging Face Hub metadata, via StarScreener (MIT); credit Hugging Face',
    url: 'https://huggingface.co/models',
    folder: 'huggingface-trending',
    files: { trending: 'huggingface-trending.json' },
  },
  'github-ranking': {
    id: 'github-ranking',
    name: 'GitHub Ranking',
    date: '2026-08-22',
    licence: 'MIT (Evan Li); public GitHub metadata',
    url: 'https://github.com/EvanLi/Github-Ranking',
    folder: 'github-ranking',
    files: { ranking: 'github-ranking-2026-08-22.csv' },
  },
  'github-ai-repos': {
    id: 'github-ai-repos',
    name: 'GitHub AI repositories (StarScreener, OSS Insight)',
    date: '2026-05-04',
    licence: 'MIT (metadata, Mirko Basil Dolger); Apache-2.0 (OSS Insight collections, PingCAP)',
    url: 'https://github.com/0motionguy/starscreener',
    folder: 'github-ai-repos',
    files: { metadata: 'repo-metadata.json', collections: 'ossinsight-collections' },
  },
};

export const SOURCE_ORDER: SourceId[] = Object.keys(SOURCE_SPECS) as SourceId[];

export function sourceInfo(id: SourceId, date?: string): SourceInfo {
  const s = SOURCE_SPECS[id];
  return { id: s.id, name: s.name, date: date ?? s.date, licence: s.licence, url: s.url };
}
