/** Name, URL and id normalisation shared by the importers and the catalog build. */

/** URL-safe slug of a display name: "GitHub Copilot" -> "github-copilot". */
export function slugify(name: string): string {
  const s = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/&/g, ' and ')
    .replace(/\+/g, ' plus ')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return s || 'item';
}

/** Product name key for de-duplication: case, punctuation and a trailing "AI"/"app" are ignored. */
export function productNameKey(name: string): string {
  let s = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/\(.*?\)/g, ' ')
    .replace(/\.(ai|com|io|app|so)\b/g, ' ')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
  s = s.replace(/\s+(ai|app)$/, '').trim();
  return s.replace(/\s+/g, '');
}

/** Host + path key of a URL for de-duplication: no scheme, no "www.", no query, no trailing slash. */
export function urlKey(url: string): string | null {
  let u: URL;
  try {
    u = new URL(url.trim());
  } catch {
    return null;
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') return null;
  const host = u.hostname.toLowerCase().replace(/^www\./, '');
  const path = decodeURIComponent(u.pathname).replace(/\/+$/, '').toLowerCase();
  return host + path;
}

export function hostOf(url: string): string | null {
  try {
    return new URL(url.trim()).hostname.toLowerCase().replace(/^www\./, '');
  } catch {
    return null;
  }
}

/** "owner/repo" (lower case) of a github.com repository URL, or null. */
export function githubRepoOf(url: string | null | undefined): string | null {
  if (!url) return null;
  const m = /^https?:\/\/(?:www\.)?github\.com\/([A-Za-z0-9_.-]+)\/([A-Za-z0-9_.-]+)/.exec(url.trim());
  if (!m) return null;
  const owner = m[1].toLowerCase();
  const repo = m[2].toLowerCase().replace(/\.git$/, '');
  if (['features', 'topics', 'marketplace', 'orgs', 'sponsors', 'apps', 'collections', 'settings'].includes(owner)) return null;
  return `${owner}/${repo}`;
}

/** "owner/name" (lower case) of a Hugging Face model page URL, or null. */
export function huggingFaceRepoOf(url: string | null | undefined): string | null {
  if (!url) return null;
  const m = /^https?:\/\/(?:www\.)?huggingface\.co\/([A-Za-z0-9_.-]+)\/([A-Za-z0-9_.-]+)\/?$/.exec(url.trim());
  if (!m) return null;
  const owner = m[1].toLowerCase();
  if (['spaces', 'datasets', 'docs', 'collections', 'blog', 'papers', 'organizations', 'models'].includes(owner)) return null;
  return `${owner}/${m[2].toLowerCase()}`;
}

const LEADING_VENDOR_TOKENS: string[][] = [
  ['meta', 'llama'],
  ['meta'],
  ['mistralai'],
  ['anthropic'],
  ['openai'],
  ['google'],
  ['microsoft'],
  ['nvidia'],
  ['amazon'],
  ['moonshotai'],
  ['x', 'ai'],
  ['ai21'],
  ['cohere'],
  ['deepseek', 'ai'],
];

/**
 * Model key that different catalogs agree on: "Meta-Llama-3.2-1B-Instruct", "llama3-2-1b-instruct" and
 * "meta-llama/llama-3.2-1b-instruct" (last segment) all give "llama-3-2-1b-instruct".
 */
export function modelKey(raw: string): string {
  let s = raw
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/([a-z])(\d)/g, '$1-$2')
    .replace(/-+/g, '-')
    .replace(/^-|-$/g, '');
  let tokens = s.split('-').filter(Boolean);
  for (const prefix of LEADING_VENDOR_TOKENS) {
    if (tokens.length > prefix.length && prefix.every((t, i) => tokens[i] === t)) {
      // keep "llama" after "meta": only the vendor word goes
      tokens = prefix[0] === 'meta' && prefix.length === 2 ? tokens.slice(1) : tokens.slice(prefix.length);
      break;
    }
  }
  return tokens.join('-');
}

/** Exact and dateless lookup of values by model key. */
export class ModelKeyIndex<T> {
  private readonly exact = new Map<string, T[]>();
  private readonly dateless = new Map<string, T[]>();

  add(key: string, value: T): void {
    if (!key) return;
    push(this.exact, key, value);
    push(this.dateless, datelessKey(key), value);
  }

  /**
   * Values filed under this key. A key with a date or version suffix matches only that exact key;
   * a bare key ("gpt-4o") also matches its dated snapshots ("gpt-4o-2024-08-06").
   */
  lookup(key: string): T[] {
    if (!key) return [];
    return (datelessKey(key) === key ? this.dateless.get(key) : this.exact.get(key)) ?? [];
  }

  lookupExact(key: string): T[] {
    return this.exact.get(key) ?? [];
  }
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** A model key without trailing date suffixes ("-20240620", "-2024-06-20", "-09-2025"). */
export function stripDateSuffix(key: string): string {
  let prev = '';
  let s = key;
  while (s !== prev) {
    prev = s;
    s = s
      .replace(/-(19|20)\d{6}$/, '')
      .replace(/-(19|20)\d{2}-\d{2}-\d{2}$/, '')
      .replace(/-\d{2}-(19|20)\d{2}$/, '')
      .replace(/-(19|20)\d{2}-\d{2}$/, '');
  }
  return s || key;
}

/** A model key without date, "latest"/"preview" and "-v1-0" style suffixes: the model family member it names. */
export function datelessKey(key: string): string {
  let prev = '';
  let s = key;
  while (s !== prev) {
    prev = s;
    s = s
      .replace(/-(19|20)\d{6}$/, '')
      .replace(/-(19|20)\d{2}-\d{2}-\d{2}$/, '')
      .replace(/-\d{2}-(19|20)\d{2}$/, '')
      .replace(/-(19|20)\d{2}-\d{2}$/, '')
      .replace(/-(latest|preview|exp|experimental)$/, '')
      .replace(/-v-\d+(-\d+)?$/, '');
  }
  return s || key;
}

/** Last path segment of a model id, with routing suffixes such as ":free" removed. */
export function lastSegment(id: string): string {
  const base = id.replace(/:[a-z-]+$/, '');
  const i = base.lastIndexOf('/');
  return i >= 0 ? base.slice(i + 1) : base;
}

const PROVIDER_CANON: Record<string, string> = {
  bedrock: 'amazon-bedrock',
  'bedrock-converse': 'amazon-bedrock',
  aws: 'amazon-bedrock',
  'amazon-bedrock': 'amazon-bedrock',
  gemini: 'google',
  'google-ai-studio': 'google',
  'together-ai': 'together',
  togetherai: 'together',
  'fireworks-ai': 'fireworks',
  'azure-ai': 'azure',
  'azure-cognitive-services': 'azure',
  'azure-text': 'azure',
  'x-ai': 'xai',
  codestral: 'mistral',
  'text-completion-openai': 'openai',
  'text-completion-codestral': 'mistral',
  'cohere-chat': 'cohere',
  'cloudflare-workers-ai': 'cloudflare',
  'cloudflare-ai-gateway': 'cloudflare',
  'nvidia-nim': 'nvidia',
  moonshot: 'moonshotai',
  zai: 'zhipuai',
  'z-ai': 'zhipuai',
  dashscope: 'alibaba',
  'vercel-ai-gateway': 'vercel',
  'github-copilot': 'github-copilot',
  'github-models': 'github',
  'perplexity-ai': 'perplexity',
  'deepinfra-ai': 'deepinfra',
};

/** One id per serving provider across LiteLLM, models.dev and genai-prices slugs. */
export function canonicalProvider(slug: string): string {
  let s = slug.toLowerCase().replace(/[_.\s]+/g, '-');
  if (s.startsWith('vertex-ai') || s.startsWith('google-vertex')) return 'google-vertex';
  if (s.startsWith('huggingface')) return 'huggingface';
  if (s.startsWith('azure-')) s = PROVIDER_CANON[s] ?? 'azure';
  s = s.replace(/-cn$/, '');
  return PROVIDER_CANON[s] ?? s;
}
