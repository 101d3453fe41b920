import type { Evidence, Product, ProductFeatures } from '../core/domain.js';
import type { LiteLlmEntry } from './litellm.js';
import type { LoadedSources } from './load.js';
import type { ModelsDevLabModel, ModelsDevProviderModel } from './models-dev.js';
import { canonicalProvider, lastSegment, modelKey, ModelKeyIndex } from './normalize.js';
import { tokenPrice, type OpenRouterModel } from './openrouter.js';
import { modelPricing } from './pricing.js';
import type { SourceId } from './sources.js';

interface HostEntry {
  source: 'litellm' | 'models-dev' | 'genai-prices';
  provider: string;
}

export interface ModelBuild {
  products: Product[];
  evidence: Evidence[];
  /** OpenRouter id -> keys used to match it in other catalogs (id key first, then name key) */
  keys: Map<string, string[]>;
}

/** Vendor-direct serving providers per OpenRouter vendor slug, in canonical provider ids. */
const VENDOR_PROVIDERS: Record<string, string[]> = {
  openai: ['openai', 'azure'],
  anthropic: ['anthropic'],
  google: ['google', 'google-vertex'],
  'meta-llama': ['meta', 'meta-llama'],
  mistralai: ['mistral'],
  'x-ai': ['xai'],
  deepseek: ['deepseek'],
  qwen: ['alibaba'],
  'z-ai': ['zhipuai'],
  moonshotai: ['moonshotai'],
  minimax: ['minimax'],
  cohere: ['cohere'],
  amazon: ['amazon-bedrock'],
  perplexity: ['perplexity'],
  ai21: ['ai21'],
};

export function vendorSlug(id: string): string {
  const i = id.indexOf('/');
  return (i >= 0 ? id.slice(0, i) : id).replace(/^~/, '');
}

/** "Meta: Llama 3.2 1B Instruct" -> "Llama 3.2 1B Instruct" */
export function stripVendorPrefix(name: string): string {
  const i = name.indexOf(': ');
  return i > 0 && i < 30 ? name.slice(i + 2) : name;
}

export function openRouterKeys(m: { id: string; name: string }): string[] {
  const idKey = modelKey(lastSegment(m.id));
  const nameKey = modelKey(stripVendorPrefix(m.name).replace(/\((free|beta|thinking|exacto|fast)\)/gi, ' '));
  return nameKey && nameKey !== idKey ? [idKey, nameKey] : [idKey];
}

function category(input: string[], output: string[], id: string): string {
  if (output.includes('embeddings') || /embed/.test(id)) return 'Embedding models';
  if (output.includes('image')) return 'Image models';
  if (output.includes('audio')) return 'Audio models';
  if (input.some((m) => m === 'image' || m === 'video')) return 'Multimodal models';
  if (input.includes('audio')) return 'Audio models';
  return 'Text models';
}

/** true if any source says yes, false if some say no and none yes, undefined if none knows */
function anyOf(...values: Array<boolean | null | undefined>): boolean | undefined {
  let seen = false;
  for (const v of values) {
    if (v === true) return true;
    if (v === false) seen = true;
  }
  return seen ? false : undefined;
}

function titleCase(slug: string): string {
  return slug.replace(/(^|[-_\s])([a-z])/g, (_m, sep: string, c: string) => (sep ? ' ' : '') + c.toUpperCase());
}

function maxDate(dates: string[]): string {
  return dates.reduce((a, b) => (b > a ? b : a), '');
}

function dedupeAliases(name: string, aliases: Array<string | null | undefined>): string[] {
  const seen = new Set([name.toLowerCase()]);
  const out: string[] = [];
  for (const a of aliases) {
    const t = a?.trim();
    if (!t || seen.has(t.toLowerCase())) continue;
    seen.add(t.toLowerCase());
    out.push(t);
  }
  return out;
}

export { dedupeAliases, maxDate };

/** All OpenRouter models as products, with facts joined from LiteLLM, models.dev, genai-prices and Hugging Face. */
export function buildModels(src: LoadedSources): ModelBuild {
  const { dates } = src;

  // vendor display names as OpenRouter writes them ("meta-llama" -> "Meta")
  const vendorVotes = new Map<string, Map<string, number>>();
  for (const m of src.openrouter) {
    const i = m.name.indexOf(': ');
    if (i <= 0 || i >= 30) continue;
    const slug = vendorSlug(m.id);
    const votes = vendorVotes.get(slug) ?? new Map<string, number>();
    votes.set(m.name.slice(0, i), (votes.get(m.name.slice(0, i)) ?? 0) + 1);
    vendorVotes.set(slug, votes);
  }
  const vendorName = new Map<string, string>();
  for (const [slug, votes] of vendorVotes) {
    const best = [...votes].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0];
    vendorName.set(slug, best[0]);
  }

  // serving providers across catalogs
  const hosts = new ModelKeyIndex<HostEntry>();
  const providerNames = new Map<string, string>();
  const liteIndex = new ModelKeyIndex<LiteLlmEntry>();
  const liteByKey = new Map<string, LiteLlmEntry>();
  for (const e of src.litellm) {
    liteByKey.set(e.key, e);
    const k = modelKey(liteLlmModelName(e.key));
    const provider = canonicalProvider(e.litellm_provider);
    hosts.add(k, { source: 'litellm', provider });
    liteIndex.add(k, e);
  }
  for (const m of src.modelsDevProviders) {
    const provider = canonicalProvider(m.provider);
    if (!providerNames.has(provider)) providerNames.set(provider, m.providerName);
    const entry: HostEntry = { source: 'models-dev', provider };
    hosts.add(modelKey(lastSegment(m.id)), entry);
    hosts.add(modelKey(m.name), entry);
  }
  for (const m of src.genaiPrices) {
    const provider = canonicalProvider(m.provider);
    if (!providerNames.has(provider)) providerNames.set(provider, m.providerName);
    const entry: HostEntry = { source: 'genai-prices', provider };
    hosts.add(modelKey(lastSegment(m.id)), entry);
    if (m.name) hosts.add(modelKey(m.name), entry);
  }

  const mdOpenRouter = new Map<string, ModelsDevProviderModel>();
  for (const m of src.modelsDevProviders) if (m.provider === 'openrouter') mdOpenRouter.set(m.id, m);
  const mdLabIndex = new ModelKeyIndex<ModelsDevLabModel>();
  const mdLabByKey = new Map<string, ModelsDevLabModel>();
  for (const m of src.modelsDevModels) {
    mdLabIndex.add(modelKey(lastSegment(m.key)), m);
    mdLabByKey.set(m.key, m);
  }
  const hf = new Map(src.huggingface.map((h) => [h.id.toLowerCase(), h]));
  const freeSiblings = new Set(src.openrouter.filter((m) => m.id.endsWith(':free')).map((m) => m.id.slice(0, -':free'.length)));

  const products: Product[] = [];
  const evidence: Evidence[] = [];
  const keys = new Map<string, string[]>();

  for (const m of src.openrouter) {
    const slug = vendorSlug(m.id);
    const isRouter = slug === 'openrouter' || m.id.startsWith('~');
    const mKeys = openRouterKeys(m);
    keys.set(m.id, mKeys);
    const baseId = m.id.replace(/:[a-z-]+$/, '');
    const contributed = new Set<SourceId>(['openrouter']);

    // LiteLLM entries: the OpenRouter route itself, then the vendor's own API
    const lite: LiteLlmEntry[] = [];
    const direct = liteByKey.get(`openrouter/${m.id}`) ?? liteByKey.get(`openrouter/${baseId}`);
    if (direct) lite.push(direct);
    const vendorProviders = new Set(VENDOR_PROVIDERS[slug] ?? [canonicalProvider(slug)]);
    if (!isRouter) {
      for (const e of liteIndex.lookup(mKeys[0])) if (vendorProviders.has(canonicalProvider(e.litellm_provider))) lite.push(e);
    }
    if (lite.length) contributed.add('litellm');

    const md = mdOpenRouter.get(m.id) ?? mdOpenRouter.get(baseId);
    if (md) contributed.add('models-dev');

    // serving providers
    const providerSet = new Map<string, Set<string>>();
    const addProvider = (p: string, s: string) => {
      const set = providerSet.get(p) ?? new Set<string>();
      set.add(s);
      providerSet.set(p, set);
    };
    addProvider('openrouter', 'openrouter');
    if (!isRouter) {
      for (const k of mKeys) for (const h of hosts.lookup(k)) addProvider(h.provider, h.source);
    }
    for (const sources of providerSet.values()) for (const s of sources) contributed.add(s as SourceId);

    const input = m.architecture.input_modalities;
    const output = m.architecture.output_modalities;
    const params = new Set(m.supported_parameters);
    const prompt = tokenPrice(m.pricing.prompt);
    const completion = tokenPrice(m.pricing.completion);
    const pricing = modelPricing(prompt, completion, m.description);
    const hfRow = m.hugging_face_id ? hf.get(m.hugging_face_id.toLowerCase()) : undefined;

    const features: ProductFeatures = {
      toolCalling: anyOf(params.has('tools'), ...lite.map((e) => e.supports_function_calling), md?.tool_call),
      reasoning: anyOf(params.has('reasoning') || params.has('include_reasoning'), ...lite.map((e) => e.supports_reasoning), md?.reasoning),
      vision: anyOf(input.includes('image'), ...lite.map((e) => e.supports_vision)),
      openWeights: anyOf(m.hugging_face_id ? true : undefined, md?.open_weights),
      structuredOutput: anyOf(
        params.has('structured_outputs') || params.has('response_format'),
        ...lite.map((e) => e.supports_response_schema),
        md?.structured_output,
      ),
      audioInput: anyOf(input.includes('audio'), ...lite.map((e) => e.supports_audio_input)),
      // the serving catalog's own output list wins: LiteLLM flags audio output on some text-only routes
      // (openrouter/google/gemini-2.5-pro), which would read as "text to speech" on a card saying "Output: text"
      audioOutput: output.length > 0 ? output.includes('audio') : anyOf(...lite.map((e) => e.supports_audio_output)),
      webSearch: anyOf(params.has('web_search_options') ? true : undefined, ...lite.map((e) => e.supports_web_search)),
      freeTier: pricing.model === 'free' || freeSiblings.has(m.id),
    };
    for (const k of Object.keys(features) as Array<keyof ProductFeatures>) if (features[k] === undefined) delete features[k];

    const providerIds = [...providerSet.keys()];
    const providers = [...new Set(providerIds.map((p) => providerNames.get(p) ?? titleCase(p)))].sort((a, b) => a.localeCompare(b));
    const vendor = vendorName.get(slug) ?? (m.name.includes(': ') ? m.name.slice(0, m.name.indexOf(': ')) : titleCase(slug));

    if (hfRow) contributed.add('huggingface');
    const product: Product = {
      id: m.id,
      name: m.name,
      aliases: dedupeAliases(m.name, [m.id, m.id.slice(m.id.indexOf('/') + 1), stripVendorPrefix(m.name), m.hugging_face_id, md?.name]),
      type: 'model',
      vendor,
      category: category(input, output, m.id),
      description: m.description.trim(),
      url: `https://openrouter.ai/${m.id}`,
      pricing: {
        model: pricing.model,
        startingPrice: pricing.startingPrice,
        // a model priced per song or clip in its description has no per-token price: its raw 0/0 would show as
        // "$0 in / $0 out" and sort it first among the cheapest
        promptPerToken: pricing.rule === 'description-price' ? null : prompt,
        completionPerToken: pricing.rule === 'description-price' ? null : completion,
      },
      contextLength: m.context_length,
      inputModalities: [...input],
      outputModalities: [...output],
      supportedParameters: [...m.supported_parameters],
      features,
      providers,
      capabilities: [],
      provenance: { sources: [], fetchedAt: '' },
      offers: [], poweredBy: [], rivals: [], facts: [], repository: null,
    };

    // evidence
    const hostSources = [...new Set([...providerSet.values()].flatMap((s) => [...s]))].sort() as SourceId[];
    evidence.push({
      productId: m.id,
      kind: 'providers',
      value: providerIds.length,
      source: hostSources.join('+'),
      date: maxDate(hostSources.map((s) => dates[s])),
      detail: `${providers.slice(0, 8).join(', ')}${providers.length > 8 ? ` +${providers.length - 8} more` : ''}`,
    });
    if (hfRow) {
      evidence.push({
        productId: m.id,
        kind: 'hf_downloads',
        value: hfRow.downloads,
        source: 'huggingface',
        date: dates.huggingface,
        detail: hfRow.id,
      });
      evidence.push({ productId: m.id, kind: 'hf_likes', value: hfRow.likes, source: 'huggingface', date: dates.huggingface, detail: hfRow.id });
    }
    const benchmarks = md?.benchmarks?.length
      ? md.benchmarks
      : isRouter
        ? []
        : pickLabModel(mdLabIndex, mdLabByKey, md?.base_model, mKeys[0])?.benchmarks ?? [];
    const seenBench = new Set<string>();
    for (const b of benchmarks) {
      const name = b.name.trim();
      if (seenBench.has(name.toLowerCase())) continue;
      seenBench.add(name.toLowerCase());
      evidence.push({ productId: m.id, kind: 'benchmark', value: b.score, source: 'models-dev', date: dates['models-dev'], detail: name });
      contributed.add('models-dev');
    }

    const provSources = [...contributed].sort();
    product.provenance = { sources: provSources, fetchedAt: maxDate(provSources.map((s) => dates[s])) };
    products.push(product);
  }
  return { products, evidence, keys };
}

function pickLabModel(
  index: ModelKeyIndex<ModelsDevLabModel>,
  byKey: Map<string, ModelsDevLabModel>,
  baseModel: string | undefined,
  key: string,
): ModelsDevLabModel | undefined {
  if (baseModel && byKey.get(baseModel)?.benchmarks?.length) return byKey.get(baseModel);
  const exact = index.lookupExact(key).filter((m) => m.benchmarks?.length);
  const candidates = exact.length ? exact : index.lookup(key).filter((m) => m.benchmarks?.length);
  return [...candidates].sort((a, b) => b.key.localeCompare(a.key))[0];
}

/** The model name inside a LiteLLM key: "bedrock/us.meta.llama3-2-1b-instruct-v1:0" -> "llama3-2-1b-instruct-v1:0". */
export function liteLlmModelName(key: string): string {
  let s = key.slice(key.lastIndexOf('/') + 1);
  s = s.replace(/^(us|eu|apac|au|jp|global|us-gov|ca|sa|ap)\./, '');
  s = s.replace(/^(meta|anthropic|amazon|mistral|cohere|ai21|deepseek|qwen|openai|writer|google|nvidia|moonshot|minimax|twelvelabs|stability|luma)\./, '');
  return s;
}

export type { OpenRouterModel };
