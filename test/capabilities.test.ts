import { describe, expect, it } from 'vitest';
import {
  CAPABILITY_TAGS,
  capabilityLabel,
  deriveCapabilities,
  formatCount,
  formatTokens,
  tagsFor,
} from '../src/core/capabilities.js';
import type { Product } from '../src/core/domain.js';
import { perMillion as formatPerMillion } from '../src/core/format.js';

function model(id: string, over: Partial<Product> & { price?: number; context?: number } = {}): Product {
  const { price = 1e-6, context = 32_000, ...rest } = over;
  return {
    id,
    name: `Acme: ${id.split('/')[1]}`,
    aliases: [],
    type: 'model',
    vendor: 'Acme',
    category: 'Text models',
    description: 'A general-purpose language model.',
    url: null,
    pricing: { model: 'paid', startingPrice: { amount: price, unit: 'per prompt token' }, promptPerToken: price, completionPerToken: price * 4 },
    contextLength: context,
    inputModalities: ['text'],
    outputModalities: ['text'],
    supportedParameters: ['temperature', 'max_tokens'],
    features: {},
    providers: ['OpenRouter'],
    capabilities: [],
    provenance: { sources: ['openrouter'], fetchedAt: '2026-05-15' },
    offers: [], poweredBy: [], rivals: [], facts: [], repository: null,
    ...rest,
  };
}

function product(id: string, name: string, category: string, description: string, over: Partial<Product> = {}): Product {
  return {
    id,
    name,
    aliases: [],
    type: 'product',
    vendor: null,
    category,
    description,
    url: `https://${id}.example`,
    pricing: { model: null, startingPrice: null, promptPerToken: null, completionPerToken: null },
    contextLength: null,
    inputModalities: [],
    outputModalities: [],
    supportedParameters: [],
    features: {},
    providers: [],
    capabilities: [],
    provenance: { sources: ['awesome-generative-ai'], fetchedAt: '2026-08-03' },
    offers: [], poweredBy: [], rivals: [], facts: [], repository: null,
    ...over,
  };
}

/** Four text models: C is cheapest overall but short-context; B is the cheapest of the three long-context ones; D has the largest context. */
function smallCatalog(): Product[] {
  return [
    model('acme/a', { price: 1e-6, context: 200_000 }),
    model('acme/b', { price: 5e-7, context: 128_000 }),
    model('acme/c', { price: 1e-7, context: 32_000 }),
    model('acme/d', { price: 3e-6, context: 1_048_576 }),
  ];
}

function cap(products: Product[], id: string, tag: string) {
  const p = products.find((x) => x.id === id)!;
  return p.capabilities.find((c) => c.tag === tag);
}

describe('capability taxonomy', () => {
  it('has unique tags, each with a label', () => {
    const tags = CAPABILITY_TAGS.map((t) => t.tag);
    expect(new Set(tags).size).toBe(tags.length);
    for (const t of CAPABILITY_TAGS) expect(capabilityLabel(t.tag)).toBe(t.label);
    for (const t of ['text-generation', 'chat', 'long-context', 'tool-calling', 'vision-input', 'image-generation', 'open-weights', 'free-tier', 'structured-output']) {
      expect(tags).toContain(t);
    }
  });

  it('tags a model from its modalities, parameters, context and features', () => {
    const m = model('acme/vision', {
      context: 200_000,
      inputModalities: ['text', 'image'],
      supportedParameters: ['tools', 'tool_choice', 'structured_outputs', 'reasoning'],
      features: { openWeights: true },
    });
    const tags = tagsFor(m);
    expect(tags).toEqual(expect.arrayContaining(['chat', 'vision-input', 'tool-calling', 'structured-output', 'reasoning', 'long-context', 'open-weights', 'self-hostable']));
    expect(tags).not.toContain('image-generation');
    expect(tags).not.toContain('free-tier');
    const short = tagsFor(model('acme/short', { context: 100_000 }));
    expect(short).not.toContain('long-context');
    const image = tagsFor(model('acme/img', { outputModalities: ['image'], inputModalities: ['text', 'image'] }));
    expect(image).toEqual(expect.arrayContaining(['image-generation', 'image-editing']));
    expect(image).not.toContain('chat');
    // tags come in taxonomy order
    const order = CAPABILITY_TAGS.map((t) => t.tag as string);
    expect([...tags].sort((a, b) => order.indexOf(a) - order.indexOf(b))).toEqual(tags);
  });

  it('tags a product from its category, description, pricing and features', () => {
    const p = product('reviewer', 'Reviewer', 'Coding', 'An autonomous agent that reviews pull requests and fixes bugs.', {
      features: { openSource: true },
      pricing: { model: 'freemium', startingPrice: null, promptPerToken: null, completionPerToken: null },
    });
    expect(tagsFor(p)).toEqual(expect.arrayContaining(['code', 'agents', 'open-source', 'self-hostable', 'free-tier']));
    expect(tagsFor(product('x', 'X', 'Other', ''))).toEqual(['productivity']);
    expect(tagsFor(product('v', 'V', 'Audio', 'Clone any voice and turn text to speech.'))).toContain('text-to-speech');
  });
});

describe('deriveCapabilities', () => {
  it('computes the "lowest price" line for the cheapest long-context text model', () => {
    const out = deriveCapabilities(smallCatalog());
    expect(cap(out, 'acme/b', 'long-context')?.unique).toBe('Lowest prompt price among 3 models with at least 128K context ($0.50 per 1M input tokens)');
    // C is cheaper but has no long-context capability at all
    expect(cap(out, 'acme/c', 'long-context')).toBeUndefined();
    expect(cap(out, 'acme/c', 'chat')?.unique).toBe('Lowest prompt price among 4 chat models ($0.10 per 1M input tokens)');
    // D is the priciest, but has the largest window
    expect(cap(out, 'acme/d', 'long-context')?.unique).toBe('Largest context window among 3 models with at least 128K context (1.05M tokens)');
  });

  it('writes a vs-alternatives line that names the nearest peers with a concrete comparison', () => {
    const out = deriveCapabilities(smallCatalog());
    const b = cap(out, 'acme/b', 'long-context')!;
    expect(b.title).toBe('Long-context input (128K tokens)');
    // nearest by shared tags (a and d are long-context too), then by price
    expect(b.vsAlternatives).toBe(
      'vs Acme: a — 128K vs 200K tokens of context, 2x cheaper per input token at $0.50 vs $1 per 1M; vs Acme: d — 128K vs 1.05M tokens of context, 6x cheaper per input token at $0.50 vs $3 per 1M.',
    );
    const c = cap(out, 'acme/c', 'chat')!;
    expect(c.vsAlternatives).toMatch(/^vs Acme: [a-d] — /);
    expect(c.vsAlternatives).not.toContain('Acme: c —');
  });

  it('keeps hand-written capabilities and leaves its input untouched', () => {
    const curated = model('acme/curated', {
      capabilities: [{ tag: null, title: 'Hand-written', description: 'Written by hand.', unique: 'Only one.', vsAlternatives: 'Better than none.' }],
    });
    const input = [...smallCatalog(), curated];
    const snapshot = structuredClone(input);
    const out = deriveCapabilities(input);
    expect(input).toEqual(snapshot);
    expect(out.find((p) => p.id === 'acme/curated')!.capabilities).toEqual(curated.capabilities);
    expect(out.map((p) => p.id)).toEqual(input.map((p) => p.id));
  });

  it('gives every product at least one capability, models three to six', () => {
    const items = [
      ...smallCatalog(),
      product('lonely', 'Lonely', 'Other', ''),
      product('chat-1', 'Chatty', 'Chatbots', 'A friendly chatbot that answers questions.'),
      product('chat-2', 'Talky', 'Chatbots', 'A chatbot assistant for teams, free to use.', { pricing: { model: 'free', startingPrice: null, promptPerToken: null, completionPerToken: null } }),
    ];
    const out = deriveCapabilities(items);
    for (const p of out) {
      expect(p.capabilities.length, p.id).toBeGreaterThanOrEqual(1);
      for (const c of p.capabilities) {
        expect(c.tag).not.toBeNull();
        expect(c.unique.length).toBeGreaterThan(0);
        expect(c.vsAlternatives.length).toBeGreaterThan(0);
      }
    }
    const models = out.filter((p) => p.type === 'model');
    expect(models.length).toBe(items.filter((p) => p.type === 'model').length);
    expect(models.length).toBeGreaterThan(0);
    for (const p of models) {
      expect(p.capabilities.length, p.id).toBeGreaterThanOrEqual(2);
      expect(p.capabilities.length, p.id).toBeLessThanOrEqual(6);
    }
    expect(out.find((p) => p.id === 'lonely')!.capabilities[0].vsAlternatives).toContain('No other product in Other');
    const talky = out.find((p) => p.id === 'chat-2')!;
    expect(talky.capabilities[0].tag).toBe('chat');
    expect(talky.capabilities[0].vsAlternatives).toBe('vs Chatty — both cover chat.');
    expect(talky.capabilities.find((c) => c.tag === 'free-tier')?.unique).toBe('The only product with a free tier in the catalog');
  });

  it('is deterministic and independent of input order (ties broken by id)', () => {
    const tied = [model('acme/x', { price: 2e-7 }), model('acme/y', { price: 2e-7 }), model('acme/z', { price: 2e-7 }), ...smallCatalog()];
    const a = deriveCapabilities(tied);
    const b = deriveCapabilities([...tied].reverse());
    const byId = (ps: Product[]) => Object.fromEntries(ps.map((p) => [p.id, p.capabilities]));
    expect(byId(b)).toEqual(byId(a));
    expect(deriveCapabilities(tied)).toEqual(a);
    expect(cap(a, 'acme/x', 'chat')?.unique).toBe('Joint 2nd-lowest prompt price among 7 chat models ($0.20 per 1M input tokens)');
  });

  it('derives capabilities for every product of a large catalog (its time is measured by npm run bench)', () => {
    const many: Product[] = [];
    for (let i = 0; i < 20_000; i++) {
      const kind = i % 4;
      many.push(
        kind === 0
          ? model(`acme/m${i}`, { price: 1e-7 * (1 + (i % 97)), context: 8_000 * (1 + (i % 150)), supportedParameters: i % 3 ? ['tools'] : [] })
          : product(`p${i}`, `Product ${i}`, ['Coding', 'Image', 'Writing'][kind - 1], i % 5 ? 'An AI code assistant with chat.' : 'Generate images from text.'),
      );
    }
    const out = deriveCapabilities(many);
    expect(out).toHaveLength(many.length);
    expect(out.filter((p) => p.capabilities.length === 0).map((p) => p.id)).toEqual([]);
  });
});

describe('number formatting', () => {
  it('formats tokens, prices and counts for people', () => {
    expect(formatTokens(128_000)).toBe('128K');
    expect(formatTokens(1_048_576)).toBe('1.05M');
    expect(formatTokens(60_000)).toBe('60K');
    expect(formatTokens(2_000_000)).toBe('2M');
    expect(formatPerMillion(2.7e-8)).toBe('$0.027');
    expect(formatPerMillion(2.5e-6)).toBe('$2.50');
    expect(formatPerMillion(1.5e-5)).toBe('$15');
    expect(formatPerMillion(0)).toBe('$0');
    expect(formatCount(1234567)).toBe('1,234,567');
  });
});

describe('curated capabilities and tags', () => {
  it('keeps hand-written capabilities and counts their tags in tagsFor', async () => {
    const { buildCatalog, DEFAULT_SOURCES_DIR } = await import('../src/importers/build.js');
    const { tagsFor } = await import('../src/core/capabilities.js');
    const gemini = buildCatalog({ dir: DEFAULT_SOURCES_DIR }).products.find((p) => p.id === 'gemini')!;
    expect(gemini.capabilities.map((c) => c.title)).toEqual([
      'Image generation from prompts',
      'Conversational chat about images',
      'Multi-format content creation',
    ]);
    expect(tagsFor(gemini)).toEqual(expect.arrayContaining(['image-generation', 'vision-input', 'chat']));
  });
});

describe('capabilities people would dispute', () => {
  it('an Image listing that removes things from photos is an image editor, not an image generator', () => {
    const eraser = product('eraser', 'Eraser Pro', 'Image', 'Remove unwanted things from images in seconds.');
    const generator = product('painter', 'Painter', 'Image', 'Creates images from text prompts in any style.');
    const both = product('studio', 'Studio', 'Image', 'All-in-one service for creating and editing images: upscale images and generate new visuals.');
    const plain = product('pics', 'Pics', 'Image', 'Pictures for your slides.');
    expect(tagsFor(eraser)).toContain('image-editing');
    expect(tagsFor(eraser)).not.toContain('image-generation');
    expect(tagsFor(generator)).toContain('image-generation');
    expect(tagsFor(both)).toEqual(expect.arrayContaining(['image-generation', 'image-editing']));
    // a listing that names no narrower job keeps its category's default
    expect(tagsFor(plain)).toContain('image-generation');
  });

  it('a music model that also returns text is not a chat model', () => {
    const music = model('acme/songs', {
      name: 'Acme: Songs',
      description: 'A family of music generation models: songs from a prompt or an image.',
      inputModalities: ['text', 'image'],
      outputModalities: ['text', 'audio'],
    });
    const voice = model('acme/voice', { name: 'Acme: Voice', description: 'Speaks and listens.', inputModalities: ['text', 'audio'], outputModalities: ['text', 'audio'] });
    const [m, v] = deriveCapabilities([music, voice]);
    expect(m.capabilities.map((c) => c.tag)).toContain('music');
    expect(m.capabilities.map((c) => c.title)).not.toContain('Instruction-following chat');
    expect(v.capabilities.map((c) => c.title)).toContain('Instruction-following chat');
  });

  it('a product with sourced rivals is compared with those rivals first, not with whoever shares its tags', () => {
    const chat = (id: string, name: string, over: Partial<Product> = {}) => product(id, name, 'Chatbots', 'An AI chatbot that answers questions.', over);
    const products = [
      chat('aardvark-bot', 'Aardvark Bot'),
      chat('abacus-chat', 'Abacus Chat'),
      chat('zeta-assistant', 'Zeta Assistant', { rivals: [{ id: 'zz-rival', source: 'https://example.com/rivals', date: '2026-12-03' }] }),
      chat('zz-rival', 'ZZ Rival', { category: 'Writing' }),
    ];
    const zeta = deriveCapabilities(products).find((p) => p.id === 'zeta-assistant')!;
    const line = zeta.capabilities.find((c) => c.tag === 'chat')!.vsAlternatives;
    expect(line.startsWith('vs ZZ Rival — ')).toBe(true);
    // the second slot is still the nearest peer by tags
    expect(line).toMatch(/; vs (Aardvark Bot|Abacus Chat) — /);
  });

  it('on the shipped catalog: the Grok assistant is not open source, though a list flags Grok-1\'s weights as such', async () => {
    const { buildCatalog, DEFAULT_SOURCES_DIR } = await import('../src/importers/build.js');
    const { tagsFor } = await import('../src/core/capabilities.js');
    const grok = buildCatalog({ dir: DEFAULT_SOURCES_DIR }).products.find((p) => p.id === 'grok')!;
    expect(grok.features.openSource).toBe(false);
    expect(tagsFor(grok)).not.toContain('open-source');
    expect(grok.facts.find((f) => f.field === 'openSource')).toMatchObject({ value: 'Not open source' });
  });

  it('on the shipped catalog: Claude and ChatGPT are compared with their sourced rivals, not with Chatfuel', async () => {
    const { buildCatalog, DEFAULT_SOURCES_DIR } = await import('../src/importers/build.js');
    const byId = new Map(buildCatalog({ dir: DEFAULT_SOURCES_DIR }).products.map((p) => [p.id, p]));
    for (const id of ['claude', 'chatgpt']) {
      const p = byId.get(id)!;
      const rivalNames = p.rivals.map((r) => byId.get(r.id)!.name);
      expect(rivalNames.length, id).toBeGreaterThan(0);
      const first = p.capabilities[0].vsAlternatives;
      expect(first.startsWith(`vs ${rivalNames[0]} — `), `${id}: ${first}`).toBe(true);
      expect(first, id).not.toContain('Chatfuel');
    }
  });

  it('on the shipped catalog: Magic Eraser edits images, Lyria makes music and does not chat', async () => {
    const { buildCatalog, DEFAULT_SOURCES_DIR } = await import('../src/importers/build.js');
    const byId = new Map(buildCatalog({ dir: DEFAULT_SOURCES_DIR }).products.map((p) => [p.id, p]));
    const eraser = byId.get('magic-eraser')!;
    expect(eraser.capabilities.map((c) => c.title)).toContain('Image editing');
    expect(eraser.capabilities.map((c) => c.tag)).not.toContain('image-generation');
    for (const id of ['google/lyria-3-pro-preview', 'google/lyria-3-clip-preview']) {
      const lyria = byId.get(id)!;
      expect(lyria.capabilities.map((c) => c.tag), id).toContain('music');
      expect(lyria.capabilities.map((c) => c.title), id).not.toContain('Instruction-following chat');
    }
    // OpenRouter serves Gemini 2.5 Pro with text output only; LiteLLM's audio-output flag does not make it a TTS model
    const pro = byId.get('google/gemini-2.5-pro')!;
    expect(pro.outputModalities).toEqual(['text']);
    expect(tagsFor(pro)).not.toContain('text-to-speech');
    expect(tagsFor(pro)).toContain('speech-to-text');
    expect(tagsFor(byId.get('openai/gpt-audio')!)).toContain('text-to-speech');
  });

  it('a router is described by its API facts and compared with routers only', () => {
    const router = model('acme/router', { name: 'Acme Router', type: 'router', category: 'Routers', description: 'Routes each request to a model.' });
    const other = model('acme/auto', { name: 'Acme Auto', type: 'router', category: 'Routers', description: 'Picks a model per request.' });
    const m = model('acme/big', { description: 'A general-purpose language model.' });
    const [r] = deriveCapabilities([router, other, m]);
    expect(r.capabilities[0].title).toBe('Instruction-following chat');
    expect(r.capabilities[0].unique).toMatch(/routers/);
    expect(r.capabilities[0].unique).not.toMatch(/models|products/);
  });
});

describe('search words and tagging patterns agree', () => {
  it('every search phrase also tags a listing that says it, unless the taxonomy lists it as query-only with a reason', async () => {
    const file = (await import('../data/capabilities.json', { with: { type: 'json' } })).default as {
      tags: Array<{ tag: string; search: string[]; patterns: string[]; queryOnly?: { phrases: string[]; reason: string } }>;
    };
    // a phrase word ending in "*" stands for the word with any of these endings
    const endings = ['', 's', 'e', 'es', 'er', 'ers', 'ing', 'ed', 'ion', 'ions', 'ation', 'ations', 'y', 'ies', 'al'];
    const disagree: string[] = [];
    let checked = 0;
    for (const t of file.tags) {
      if (t.patterns.length === 0) continue;
      const res = t.patterns.map((p) => new RegExp(p));
      const queryOnly = new Set(t.queryOnly?.phrases ?? []);
      for (const phrase of t.search) {
        if (queryOnly.has(phrase)) continue;
        checked++;
        const tagged = endings.some((e) => {
          const text = phrase.replace(/\*/g, e);
          return res.some((re) => re.test(text));
        });
        if (!tagged) disagree.push(`${t.tag}: "${phrase}"`);
      }
    }
    expect(checked).toBeGreaterThan(250);
    expect(disagree).toEqual([]);
  });

  it('a query-only phrase must be a search phrase of its tag', async () => {
    const { parseCapabilityTaxonomy } = await import('../src/core/capability-taxonomy.js');
    const file = (await import('../data/capabilities.json', { with: { type: 'json' } })).default as { tags: Array<Record<string, unknown>> };
    const broken = { ...file, tags: file.tags.map((t) => (t.tag === 'audio' ? { ...t, queryOnly: { phrases: ['not a search phrase'], reason: 'a reason long enough' } } : t)) };
    expect(() => parseCapabilityTaxonomy(broken)).toThrow(/queryOnly phrase must be one of the search phrases/);
  });
});
