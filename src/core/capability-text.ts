/**
 * The English of derived capabilities: titles, descriptions, "unique" and "vs alternatives" lines,
 * written from the catalog's numbers (capability-peers.ts). Pure.
 */
import type { Capability, Product, ProductType } from './domain.js';
import { CAPABILITY_SENTENCE, capabilityLabel, TAG_INDEX, type CapabilityTag } from './capability-taxonomy.js';
import { formatTokens, perMillion, pricingLabel, trimZeros } from './format.js';
import { hostOf } from '../importers/normalize.js';
import { formatCount } from './scoring/format.js';
import { categoryTag, KEYWORDS, LONG_CONTEXT_TOKENS, servedByApi } from './capability-tags.js';
import { Catalog, metricValue, metricsFor, type Item, type Metric, type RankInfo } from './capability-peers.js';

// ---------------------------------------------------------------------------------------------
// formatting

function ordinal(n: number): string {
  const s = ['th', 'st', 'nd', 'rd'];
  const v = n % 100;
  return `${n}${s[(v - 20) % 10] ?? s[v] ?? s[0]}`;
}

/** how much larger a is than b (a >= b): "17x", "2.4x" or "8%" */
function ratio(a: number, b: number): string {
  const r = a / b;
  if (r < 1.1) return `${Math.max(1, Math.round((r - 1) * 100))}%`;
  return r >= 10 ? `${Math.round(r)}x` : `${trimZeros(r.toFixed(1))}x`;
}

function listNames(names: string[]): string {
  if (names.length <= 1) return names.join('');
  return `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}

function firstSentence(text: string, max = 160): string {
  const t = text.replace(/\s+/g, ' ').trim();
  const m = /^(.+?[.!?])(\s|$)/.exec(t);
  let s = m ? m[1] : t;
  if (s.length > max) s = `${s.slice(0, max - 1).replace(/\s+\S*$/, '')}...`;
  return s;
}


const GROUP_PHRASES: Partial<Record<CapabilityTag, (noun: string) => string>> = {
  'long-context': (n) => `${n} with at least ${formatTokens(LONG_CONTEXT_TOKENS)} context`,
  'open-weights': (n) => `open-weight ${n}`,
  'open-source': (n) => `open-source ${n}`,
  'free-tier': (n) => `${n} with a free tier`,
  'vision-input': (n) => `${n} that accept images`,
  'self-hostable': (n) => `self-hostable ${n}`,
  'text-generation': (n) => `text-generating ${n}`,
  chat: (n) => `chat ${n}`,
  code: (n) => `coding ${n}`,
  reasoning: (n) => `reasoning ${n}`,
  multilingual: (n) => `multilingual ${n}`,
  summarization: (n) => `${n} suited to summarization`,
  writing: (n) => `writing ${n}`,
  'tool-calling': (n) => `${n} with tool calling`,
  'structured-output': (n) => `${n} with structured output`,
  'image-generation': (n) => `image-generating ${n}`,
  'image-editing': (n) => `image-editing ${n}`,
  'speech-to-text': (n) => `speech-to-text ${n}`,
  'text-to-speech': (n) => `text-to-speech ${n}`,
  audio: (n) => `audio ${n}`,
  music: (n) => `music ${n}`,
  video: (n) => `video ${n}`,
  embeddings: (n) => `embedding ${n}`,
  'search-retrieval': (n) => `search and retrieval ${n}`,
  agents: (n) => `agent ${n}`,
  automation: (n) => `automation ${n}`,
  productivity: (n) => `productivity ${n}`,
  design: (n) => `design ${n}`,
  research: (n) => `research ${n}`,
  'data-analysis': (n) => `data-analysis ${n}`,
  marketing: (n) => `marketing ${n}`,
  business: (n) => `business-operations ${n}`,
  education: (n) => `education ${n}`,
};

function groupPhrase(type: ProductType, tag: CapabilityTag, n: number): string {
  const noun = `${type}${n === 1 ? '' : 's'}`;
  const f = GROUP_PHRASES[tag];
  return f ? f(noun) : `${noun} with ${capabilityLabel(tag).toLowerCase()}`;
}

function metricFact(it: Item, m: Metric): string {
  switch (m) {
    case 'price':
      return `${perMillion(it.price!)} per 1M input tokens`;
    case 'completion':
      return `${perMillion(it.completion!)} per 1M output tokens`;
    case 'context':
      return `${formatTokens(it.context!)} tokens`;
    case 'providers':
      return `${it.providers} providers`;
    case 'sources':
      return `${it.sources} sources`;
  }
}

const METRIC_WORDS: Record<Metric, { sup: string; noun: string; share: string }> = {
  price: { sup: 'lowest', noun: 'prompt price', share: 'cheapest' },
  completion: { sup: 'lowest', noun: 'output-token price', share: 'cheapest on output tokens' },
  context: { sup: 'largest', noun: 'context window', share: 'top by context window' },
  providers: { sup: 'most', noun: 'serving providers', share: 'top by number of serving providers' },
  sources: { sup: 'most', noun: 'data sources backing it', share: 'top by number of data sources' },
};

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

function rankLine(m: Metric, r: RankInfo, phrase: string, fact: string): string {
  const w = METRIC_WORDS[m];
  const place = r.rank === 1 ? w.sup : `${ordinal(r.rank)}-${w.sup}`;
  return capitalise(`${r.tied > 1 ? 'joint ' : ''}${place} ${w.noun} among ${formatCount(r.of)} ${phrase} (${fact})`);
}

function shareLine(m: Metric, r: RankInfo, phrase: string, fact: string): string {
  const pct = Math.max(1, Math.ceil((r.rank / r.of) * 100));
  const w = METRIC_WORDS[m];
  return m === 'price' || m === 'completion'
    ? `Among the ${w.share.replace('cheapest', `cheapest ${pct}%`)} of ${formatCount(r.of)} ${phrase} (${fact})`
    : `In the top ${pct}% of ${formatCount(r.of)} ${phrase} ${w.share.replace('top ', '')} (${fact})`;
}


// ---------------------------------------------------------------------------------------------
// text

function modalityList(mods: string[]): string {
  return listNames(mods.length ? mods : ['text']);
}

function modelTitle(it: Item, tag: CapabilityTag): string {
  const p = it.p;
  switch (tag) {
    case 'long-context':
      return `Long-context input (${formatTokens(p.contextLength!)} tokens)`;
    case 'chat':
      return 'Instruction-following chat';
    case 'code':
      return 'Code generation and editing';
    case 'reasoning':
      return 'Step-by-step reasoning mode';
    case 'tool-calling':
      return 'Function and tool calling';
    case 'structured-output':
      return 'JSON-schema structured output';
    case 'free-tier':
      return p.pricing.model === 'free' ? 'Free to call' : 'Free variant available';
    default:
      return capabilityLabel(tag);
  }
}

function modelDescription(it: Item, tag: CapabilityTag): string {
  const p = it.p;
  const ctx = p.contextLength ? `${formatTokens(p.contextLength)}-token` : 'its';
  const served = p.providers.length > 1 ? `; ${p.providers.length} providers serve it` : '';
  switch (tag) {
    case 'text-generation':
      return `Generates text from ${modalityList(p.inputModalities)} input within a ${ctx} context window, through OpenRouter's API${served}.`;
    case 'chat':
      return `Follows natural-language instructions and keeps track of multi-turn conversations, taking ${modalityList(p.inputModalities)} input and answering in ${modalityList(p.outputModalities)}${served}.`;
    case 'summarization':
      return `Condenses long passages into shorter summaries, guided by the instructions in the prompt, within a ${ctx} context window.`;
    case 'multilingual':
      return 'Reads and writes in several languages, so the same endpoint can answer, translate and analyse non-English text.';
    case 'code':
      return 'Writes, explains and edits source code from natural-language requests; its description singles out programming work.';
    case 'reasoning':
      return 'Can think through a problem in intermediate reasoning tokens before answering (the "reasoning" parameter), trading latency and output tokens for accuracy on multi-step tasks.';
    case 'long-context':
      return `Takes up to ${formatTokens(p.contextLength!)} tokens in one request, enough for long documents, transcripts or large parts of a codebase without chunking.`;
    case 'tool-calling':
      return 'Emits structured function calls (the tools and tool_choice parameters), so an application can run actions and feed their results back to the model.';
    case 'structured-output':
      return 'Can be held to a JSON schema (structured outputs / response_format), so replies parse reliably in downstream code.';
    case 'vision-input':
      return `Accepts images alongside text (${modalityList(p.inputModalities)} input) to describe photos, read screenshots and interpret charts.`;
    case 'image-generation':
      return `Returns images as output (${modalityList(p.outputModalities)}) from ${modalityList(p.inputModalities)} prompts.`;
    case 'image-editing':
      return 'Takes an input image together with instructions and returns a new image, for edits and variations.';
    case 'speech-to-text':
      return 'Accepts audio input and answers in text, for transcription and spoken-question answering.';
    case 'text-to-speech':
      return 'Produces audio output, for spoken replies or generated sound.';
    case 'audio':
      return `Works with audio (${modalityList(p.inputModalities)} in, ${modalityList(p.outputModalities)} out).`;
    case 'music':
      return `Generates music clips as audio output from ${modalityList(p.inputModalities)} prompts.`;
    case 'video':
      return `Handles video (${modalityList(p.inputModalities)} in, ${modalityList(p.outputModalities)} out), e.g. describing or answering questions about clips.`;
    case 'embeddings':
      return 'Turns text into embedding vectors for semantic search, clustering and retrieval.';
    case 'search-retrieval':
      return 'Can ground answers in web search or retrieved documents rather than relying on training data alone.';
    case 'agents':
      return 'Positioned for agent workflows: planning, calling tools and working through multi-step tasks with little supervision.';
    case 'open-weights':
      return 'Its weights are published, so it can be downloaded, inspected, fine-tuned and run outside any single vendor.';
    case 'self-hostable':
      return 'Because the weights are available, it can run on your own hardware or cloud, keeping data in house.';
    case 'free-tier':
      return p.pricing.model === 'free'
        ? 'Can be called at no cost on OpenRouter (rate-limited free route).'
        : 'A rate-limited free route of this model exists on OpenRouter alongside the paid one.';
    default:
      return `${capabilityLabel(tag)}.`;
  }
}

function productTitle(it: Item, tag: CapabilityTag): string {
  switch (tag) {
    case 'chat':
      return 'Conversational assistant';
    case 'code':
      return 'Coding assistance';
    case 'agents':
      return 'Autonomous agent workflows';
    case 'free-tier':
      // an open-source product has its own "Open source" line: this one says what it costs
      return it.p.pricing.model === 'free' ? 'Free to use' : it.p.pricing.model === 'open-source' ? 'Free to run' : 'Free tier';
    default:
      return capabilityLabel(tag);
  }
}

const PRODUCT_SENTENCE = CAPABILITY_SENTENCE;

function productDescription(it: Item, tag: CapabilityTag): string {
  const p = it.p;
  const base = PRODUCT_SENTENCE[tag];
  const kw = KEYWORDS.find(([t]) => t === tag)?.[1];
  if (kw) {
    const hit = p.description.split(/(?<=[.!?])\s+/).find((s) => kw.test(s.toLowerCase()));
    if (hit) return `${base} From its listing: "${firstSentence(hit, 200)}"`;
  }
  if (tag === 'free-tier' && p.pricing.model) return `${base} Pricing: ${pricingLabel(p.pricing.model).toLowerCase()}.`;
  const stated = statedBy(p, tag);
  if (stated) return `${base} Stated on ${hostOf(stated.source) ?? stated.source} (checked ${stated.date}).`;
  const about = firstSentence(p.description, 200);
  // the directory's category says it, not the listing's words: the quote is what the product is, not proof of the tag
  if (categoryTag(p.category) === tag) return about ? `${base} From its category, ${p.category}; its listing: "${about}"` : `${base} From its category, ${p.category}.`;
  return about ? `${base} From its listing: "${about}"` : base;
}

/** The page that says the product has this capability, when its listing does not. */
function statedBy(p: Product, tag: CapabilityTag): { source: string; date: string } | null {
  return p.features.statedCapabilities?.find((c) => c.tag === tag) ?? null;
}

function rareCompanion(cat: Catalog, it: Item, tag: CapabilityTag): { tag: CapabilityTag; count: number } | null {
  let rare: { tag: CapabilityTag; count: number } | null = null;
  for (const s of it.tags) {
    if (s === tag) continue;
    const c = cat.pairCount(it.p.type, tag, s);
    if (c > 0 && (!rare || c < rare.count || (c === rare.count && TAG_INDEX.get(s)! < TAG_INDEX.get(rare.tag)!))) rare = { tag: s, count: c };
  }
  return rare;
}

function rarityLine(n: number, phrase: string, rare: { tag: CapabilityTag; count: number }): string {
  const label = capabilityLabel(rare.tag).toLowerCase();
  if (rare.count === 1) return `The only one of ${formatCount(n)} ${phrase} that also offers ${label}`;
  const only = rare.count <= Math.max(3, n * 0.1) ? 'only ' : '';
  return `One of ${only}${formatCount(rare.count)} of the ${formatCount(n)} ${phrase} that also offer ${label}`;
}

function uniqueLine(cat: Catalog, it: Item, tag: CapabilityTag): string {
  const type = it.p.type;
  const n = cat.size(type, tag);
  const phrase = groupPhrase(type, tag, n);
  if (n <= 1) return `The only ${groupPhrase(type, tag, 1)} in the catalog`;
  const rare = rareCompanion(cat, it, tag);
  const rareEnough = rare !== null && rare.count < n && rare.count <= Math.max(3, Math.ceil(n * 0.2));

  if (type === 'product' && rareEnough) return rarityLine(n, phrase, rare!);

  // a ranked fact: podium first, then a top-10% share
  const ranked: Array<{ m: Metric; r: RankInfo }> = [];
  for (const m of metricsFor(type, tag)) {
    const r = cat.rank(it, tag, m);
    if (r && r.of >= 2 && r.tied < r.of) ranked.push({ m, r });
  }
  const podium = ranked.filter((x) => x.r.rank <= 3).sort((a, b) => a.r.rank - b.r.rank)[0];
  if (podium && (servedByApi(type) || (podium.r.rank === 1 && podium.r.tied === 1))) {
    return rankLine(podium.m, podium.r, groupPhrase(type, tag, podium.r.of), metricFact(it, podium.m));
  }
  if (servedByApi(type)) {
    const share = ranked.filter((x) => x.r.rank / x.r.of <= 0.1).sort((a, b) => a.r.rank / a.r.of - b.r.rank / b.r.of)[0];
    if (share) return shareLine(share.m, share.r, groupPhrase(type, tag, share.r.of), metricFact(it, share.m));
    if (rareEnough) return rarityLine(n, phrase, rare!);
    const priceMetric: Metric = tag === 'reasoning' ? 'completion' : 'price';
    const value = metricValue(it, priceMetric);
    const med = cat.medianOf(type, tag, priceMetric);
    if (value !== null && med !== null && value < med) {
      const side = priceMetric === 'price' ? 'input' : 'output';
      return `${perMillion(value)} per 1M ${side} tokens, below the ${perMillion(med)} median of ${formatCount(n)} ${phrase}`;
    }
    const ctxMed = cat.medianOf(type, tag, 'context');
    if (it.context !== null && ctxMed !== null && it.context > ctxMed) {
      return `${formatTokens(it.context)}-token context window, above the ${formatTokens(Math.round(ctxMed))} median of ${formatCount(n)} ${phrase}`;
    }
  }
  if (rare && rare.count < n) return rarityLine(n, phrase, rare);
  return `One of ${formatCount(n)} ${phrase} in the catalog`;
}

function pricingWord(p: Product): string | null {
  return p.pricing.model === null ? null : pricingLabel(p.pricing.model).toLowerCase();
}

/** "OpenAI: GPT-4o" -> "GPT-4o" */
function shortName(p: Product): string {
  const i = p.name.indexOf(': ');
  return servedByApi(p.type) && i > 0 && i < 30 ? p.name.slice(i + 2) : p.name;
}

function priceComparison(a: number | null, b: number | null, side: 'input' | 'output'): string | null {
  if (a === null || b === null) return null;
  if (a === b) return `the same ${perMillion(a)} per 1M ${side} tokens`;
  const word = a < b ? 'cheaper' : 'pricier';
  const r = a < b ? ratio(b, a) : ratio(a, b);
  return `${r} ${word} per ${side} token at ${perMillion(a)} vs ${perMillion(b)} per 1M`;
}

function freeComparison(it: Item, alt: Item): string | null {
  const f1 = it.p.pricing.model === 'free';
  const f2 = alt.p.pricing.model === 'free';
  if (f1 && alt.price !== null) return `free vs ${perMillion(alt.price)} per 1M input tokens`;
  if (f2 && it.price !== null) return `${perMillion(it.price)} per 1M input tokens vs free`;
  return null;
}

function contextComparison(it: Item, alt: Item): string | null {
  if (!it.context || !alt.context) return null;
  return it.context === alt.context
    ? `the same ${formatTokens(it.context)}-token context`
    : `${formatTokens(it.context)} vs ${formatTokens(alt.context)} tokens of context`;
}

function modalityComparison(it: Item, alt: Item): string | null {
  const mine = new Set([...it.p.inputModalities, ...it.p.outputModalities]);
  const theirs = new Set([...alt.p.inputModalities, ...alt.p.outputModalities]);
  const extra = [...mine].filter((m) => !theirs.has(m));
  const missing = [...theirs].filter((m) => !mine.has(m));
  if (extra.length) return `also handles ${listNames(extra)}, which ${shortName(alt.p)} does not`;
  if (missing.length) return `${shortName(alt.p)} also handles ${listNames(missing)}`;
  return null;
}

function modelComparison(it: Item, alt: Item, tag: CapabilityTag): string {
  const label = capabilityLabel(tag).toLowerCase();
  const has = alt.tagSet.has(tag);
  const parts: Array<string | null> = [];
  if (!has) parts.push(`${shortName(alt.p)} lacks ${label}`);
  switch (tag) {
    case 'long-context':
    case 'summarization':
      parts.push(contextComparison(it, alt), priceComparison(it.price, alt.price, 'input') ?? freeComparison(it, alt));
      break;
    case 'reasoning':
      parts.push(priceComparison(it.completion, alt.completion, 'output') ?? freeComparison(it, alt));
      break;
    case 'vision-input':
    case 'video':
    case 'audio':
    case 'speech-to-text':
    case 'text-to-speech':
    case 'image-generation':
    case 'image-editing':
    case 'music':
      parts.push(has ? modalityComparison(it, alt) : null, priceComparison(it.price, alt.price, 'input') ?? freeComparison(it, alt));
      break;
    case 'tool-calling':
    case 'structured-output':
    case 'agents': {
      const other: CapabilityTag = tag === 'structured-output' ? 'tool-calling' : 'structured-output';
      if (has && it.tagSet.has(other) !== alt.tagSet.has(other)) {
        const name = shortName(alt.p);
        parts.push(it.tagSet.has(other) ? `${name} lacks ${capabilityLabel(other).toLowerCase()}` : `${name} adds ${capabilityLabel(other).toLowerCase()}`);
      }
      parts.push(priceComparison(it.price, alt.price, 'input') ?? freeComparison(it, alt));
      break;
    }
    case 'open-weights':
    case 'self-hostable':
      if (has) parts.push('both have open weights');
      if (it.providers !== alt.providers) parts.push(`served by ${it.providers} vs ${alt.providers} providers`);
      break;
    case 'free-tier':
      parts.push(priceComparison(it.price, alt.price, 'input'));
      break;
    default:
      parts.push(priceComparison(it.price, alt.price, 'input') ?? freeComparison(it, alt), contextComparison(it, alt));
  }
  const text = parts.filter((x): x is string => Boolean(x));
  if (text.length < 2) {
    const fillers = [
      priceComparison(it.price, alt.price, 'input') ?? freeComparison(it, alt),
      contextComparison(it, alt),
      it.providers !== alt.providers && it.providers > 0 && alt.providers > 0 ? `served by ${it.providers} vs ${alt.providers} providers` : null,
    ];
    for (const f of fillers) if (f && text.length < 2 && !text.includes(f)) text.push(f);
  }
  if (text.length === 0) text.push(has ? `both offer ${label}` : `${shortName(alt.p)} lacks ${label}`);
  return text.slice(0, 2).join(', ');
}

function productComparison(it: Item, alt: Item, tag: CapabilityTag): string {
  const label = capabilityLabel(tag).toLowerCase();
  const parts: string[] = [alt.tagSet.has(tag) ? `both cover ${label}` : `${alt.p.name} does not list ${label}`];
  const a = pricingWord(it.p);
  const b = pricingWord(alt.p);
  if (a && b && a !== b) parts.push(`${a} vs ${b}`);
  const os1 = it.tagSet.has('open-source');
  const os2 = alt.tagSet.has('open-source');
  // said once: on the open-source line itself "does not list open source" already says it
  if (os1 !== os2 && tag !== 'open-source') parts.push(os1 ? `${it.p.name} is open source, ${alt.p.name} is not` : `${alt.p.name} is open source`);
  if (parts.length < 3) {
    const extra = it.tags.find((t) => t !== tag && !alt.tagSet.has(t) && t !== 'free-tier' && t !== 'open-source' && t !== 'self-hostable' && t !== 'text-generation');
    if (extra) parts.push(`adds ${capabilityLabel(extra).toLowerCase()}`);
  }
  if (parts.length < 3 && it.sources !== alt.sources) parts.push(`backed by ${it.sources} vs ${alt.sources} sources`);
  return parts.join(', ');
}

function vsLine(it: Item, alts: Item[], tag: CapabilityTag): string {
  if (alts.length === 0) {
    return `No other ${it.p.type} in ${it.p.category} to compare with in this catalog.`;
  }
  const cmp = servedByApi(it.p.type) ? modelComparison : productComparison;
  return `${alts.map((a) => `vs ${a.p.name} — ${cmp(it, a, tag)}`).join('; ')}.`;
}

export function capabilityFor(cat: Catalog, it: Item, tag: CapabilityTag, alts: Item[]): Capability {
  const model = servedByApi(it.p.type);
  return {
    tag,
    title: model ? modelTitle(it, tag) : productTitle(it, tag),
    description: model ? modelDescription(it, tag) : productDescription(it, tag),
    unique: uniqueLine(cat, it, tag),
    vsAlternatives: vsLine(it, alts, tag),
  };
}
