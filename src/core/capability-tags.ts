/**
 * Capability tags of a product or model: read from its listing (the taxonomy's tagging patterns in
 * data/capabilities.json), its modalities, parameters, context, pricing and category. Pure.
 */
import type { Product, ProductType } from './domain.js';
import { isCapabilityTag, requireTags, TAG_INDEX, TAGGING_PATTERNS, type CapabilityTag } from './capability-taxonomy.js';
import { NO_COST_PRICING } from './format.js';

/** Models and routers are described by their API facts (modalities, parameters, prices); products by their listings. */
export function servedByApi(type: ProductType): boolean {
  return type !== 'product';
}

/**
 * When a search asks for the key, a product with one of these tags has it too: speech-to-text,
 * text-to-speech and music are audio work; open weights are an open release.
 */
export const CAPABILITY_SATISFIED_BY: Partial<Record<CapabilityTag, readonly CapabilityTag[]>> = {
  audio: ['speech-to-text', 'text-to-speech', 'music'],
  'open-source': ['open-weights'],
};

/** Context length from which a model counts as long-context. */
export const LONG_CONTEXT_TOKENS = 128_000;


// ---------------------------------------------------------------------------------------------
// tags

export const KEYWORDS = TAGGING_PATTERNS;

const MODEL_KEYWORD_TAGS = new Set<CapabilityTag>(requireTags('MODEL_KEYWORD_TAGS', ['summarization', 'multilingual', 'code', 'search-retrieval', 'agents']));

const CATEGORY_TAG: Record<string, CapabilityTag> = {
  chatbots: 'chat',
  coding: 'code',
  agents: 'agents',
  image: 'image-generation',
  video: 'video',
  audio: 'audio',
  writing: 'writing',
  search: 'search-retrieval',
  productivity: 'productivity',
  automation: 'automation',
  design: 'design',
  research: 'research',
  marketing: 'marketing',
  // the directory's business categories: "business operations", but for support desks and health apps
  'customer support': 'customer-support',
  finance: 'business',
  ecommerce: 'business',
  hiring: 'business',
  legal: 'business',
  'real estate': 'business',
  health: 'health',
  education: 'education',
};
requireTags('CATEGORY_TAG', Object.values(CATEGORY_TAG));

/** The capability a product category implies for its products ("Image" → image generation), if any. */
export function categoryTag(category: string): CapabilityTag | undefined {
  return CATEGORY_TAG[category.toLowerCase()];
}

/**
 * Jobs of a category narrower than its default tag: an Image listing that only says it removes objects or
 * backgrounds is an image editor, not an image generator.
 */
const CATEGORY_NARROWER: Partial<Record<CapabilityTag, CapabilityTag[]>> = {
  'image-generation': ['image-editing'],
};

const MODEL_ORDER: readonly CapabilityTag[] = requireTags('MODEL_ORDER', [
  'image-generation', 'image-editing', 'text-to-speech', 'speech-to-text', 'music', 'video', 'embeddings',
  'code', 'chat', 'reasoning', 'vision-input', 'tool-calling', 'long-context', 'search-retrieval', 'agents',
  'structured-output', 'multilingual', 'summarization', 'open-weights', 'free-tier', 'self-hostable', 'text-generation', 'audio',
]);

const PRODUCT_ORDER: readonly CapabilityTag[] = requireTags('PRODUCT_ORDER', [
  'chat', 'code', 'agents', 'image-generation', 'image-editing', 'video', 'music', 'text-to-speech', 'speech-to-text', 'audio',
  'search-retrieval', 'writing', 'summarization', 'research', 'data-analysis', 'design', 'marketing', 'business', 'customer-support', 'health',
  'education', 'automation', 'productivity',
  'multilingual', 'vision-input', 'reasoning', 'text-generation', 'embeddings', 'open-source', 'self-hostable', 'free-tier',
  'open-weights', 'tool-calling', 'structured-output', 'long-context',
]);

const MAX_MODEL_CAPABILITIES = 6;
const MAX_PRODUCT_CAPABILITIES = 5;

function searchText(p: Product): string {
  return `${p.name} ${servedByApi(p.type) ? p.id : ''} ${p.description}`.toLowerCase();
}

/** The capability tags whose tagging words the product's own name and description use ("voice generator": text to speech). */
export function textTags(p: Product): CapabilityTag[] {
  const text = searchText(p);
  return KEYWORDS.filter(([, re]) => re.test(text)).map(([tag]) => tag);
}

/** Capability tags that apply to a product (taxonomy order), from its modalities, parameters, context, features, price and text. */
export function tagsFor(p: Product): string[] {
  return tagsOf(p);
}

export function tagsOf(p: Product): CapabilityTag[] {
  const tags = new Set<CapabilityTag>();
  const text = searchText(p);
  const f = p.features;
  const free = (p.pricing.model !== null && NO_COST_PRICING.has(p.pricing.model)) || f.freeTier === true;
  if (servedByApi(p.type)) {
    const input = p.inputModalities;
    const output = p.outputModalities;
    const params = new Set(p.supportedParameters);
    const embeds = output.includes('embeddings') || /\bembed/.test(p.id);
    if (embeds) tags.add('embeddings');
    const music = /\bmusic|\bsongs?\b|\blyria\b/.test(text);
    if (output.includes('text') && !embeds) {
      tags.add('text-generation');
      // a music generator's text output comes with its songs; it is not a chat model
      if (input.includes('text') && !(music && output.includes('audio'))) tags.add('chat');
    }
    if (f.reasoning || params.has('reasoning')) tags.add('reasoning');
    if ((p.contextLength ?? 0) >= LONG_CONTEXT_TOKENS) tags.add('long-context');
    if (f.toolCalling || params.has('tools')) tags.add('tool-calling');
    if (f.structuredOutput || params.has('structured_outputs')) tags.add('structured-output');
    if (input.includes('image') || f.vision) tags.add('vision-input');
    if (output.includes('image')) tags.add('image-generation');
    if (output.includes('image') && input.includes('image')) tags.add('image-editing');
    if ((input.includes('audio') || f.audioInput) && output.includes('text')) tags.add('speech-to-text');
    if ((output.includes('audio') || f.audioOutput) && !music) tags.add('text-to-speech');
    if (music && output.includes('audio')) tags.add('music');
    if (input.includes('audio') || output.includes('audio')) tags.add('audio');
    if (input.includes('video') || output.includes('video')) tags.add('video');
    if (f.webSearch || params.has('web_search_options')) tags.add('search-retrieval');
    if (f.openWeights) {
      tags.add('open-weights');
      tags.add('self-hostable');
    }
    for (const [tag, re] of KEYWORDS) if (MODEL_KEYWORD_TAGS.has(tag) && re.test(text)) tags.add(tag);
    if (tags.has('music')) tags.add('audio');
  } else {
    for (const [tag, re] of KEYWORDS) if (re.test(text)) tags.add(tag);
    // the category names a default; a listing that names a narrower job of that category keeps only that job
    const fromCategory = CATEGORY_TAG[p.category.toLowerCase()];
    const narrower = fromCategory ? (CATEGORY_NARROWER[fromCategory] ?? []) : [];
    if (fromCategory && !narrower.some((t) => tags.has(t) && !tags.has(fromCategory))) tags.add(fromCategory);
    if (tags.has('chat') || tags.has('writing')) tags.add('text-generation');
    if (f.openSource) {
      tags.add('open-source');
      tags.add('self-hostable');
    }
    if (f.openWeights) tags.add('open-weights');
    if (/self-host|on-device|offline|run (it |them |models )?locally|local (llms?|models?)/.test(text)) tags.add('self-hostable');
    if (p.inputModalities.includes('image')) tags.add('vision-input');
  }
  if (free) tags.add('free-tier');
  // what a sourced page says it does (the page is in p.facts)
  for (const c of f.statedCapabilities ?? []) if (isCapabilityTag(c.tag)) tags.add(c.tag);
  for (const c of p.capabilities) if (c.tag && isCapabilityTag(c.tag)) tags.add(c.tag);
  if (tags.size === 0) tags.add(servedByApi(p.type) ? 'text-generation' : 'productivity');
  return [...tags].sort((a, b) => (TAG_INDEX.get(a) ?? 0) - (TAG_INDEX.get(b) ?? 0));
}

/** The tags a derived capability list shows, in display order, at most MAX_*_CAPABILITIES. */
export function chooseTags(p: Product, tagSet: ReadonlySet<CapabilityTag>): CapabilityTag[] {
  const order = servedByApi(p.type) ? MODEL_ORDER : PRODUCT_ORDER;
  const max = servedByApi(p.type) ? MAX_MODEL_CAPABILITIES : MAX_PRODUCT_CAPABILITIES;
  let tags = order.filter((t) => tagSet.has(t));
  if (tags.includes('open-weights') || tags.includes('open-source')) tags = tags.filter((t) => t !== 'self-hostable');
  if (tags.includes('chat') && tags.length > 3) tags = tags.filter((t) => t !== 'text-generation');
  if (tags.includes('music') || tags.includes('text-to-speech') || tags.includes('speech-to-text')) tags = tags.filter((t) => t !== 'audio');
  if (p.type === 'product') {
    const primary = CATEGORY_TAG[p.category.toLowerCase()];
    if (primary && tags.includes(primary)) tags = [primary, ...tags.filter((t) => t !== primary)];
  }
  return tags.slice(0, max);
}
