import { describe, expect, it } from 'vitest';
import { createResolver, RESOLVER_LIMITS, type ResolverEntry, type ResolveResult } from '../src/core/resolve/index.js';
import { normalise } from '../src/core/resolve/normalize.js';
import { syntheticEntries } from '../src/core/resolve/synthetic.js';

const m = (id: string, name: string, vendor: string, popularity: number, aliases: string[] = []): ResolverEntry => ({
  id, name, aliases, vendor, type: 'model', popularity,
});
const p = (id: string, name: string, vendor: string | null, popularity: number, aliases: string[] = []): ResolverEntry => ({
  id, name, aliases, vendor, type: 'product', popularity,
});

const CATALOG: ResolverEntry[] = [
  m('meta-llama/llama-3.2-1b-instruct', 'Meta: Llama 3.2 1B Instruct', 'Meta', 22),
  m('meta-llama/llama-3.2-3b-instruct', 'Meta: Llama 3.2 3B Instruct', 'Meta', 27),
  m('meta-llama/llama-3.2-3b-instruct:free', 'Meta: Llama 3.2 3B Instruct (free)', 'Meta', 20),
  m('meta-llama/llama-3.2-11b-vision-instruct', 'Meta: Llama 3.2 11B Vision Instruct', 'Meta', 25),
  m('meta-llama/llama-3.1-8b-instruct', 'Meta: Llama 3.1 8B Instruct', 'Meta', 35),
  m('meta-llama/llama-3.1-70b-instruct', 'Meta: Llama 3.1 70B Instruct', 'Meta', 38),
  m('meta-llama/llama-3.1-405b-instruct', 'Meta: Llama 3.1 405B Instruct', 'Meta', 36),
  m('meta-llama/llama-3.3-70b-instruct', 'Meta: Llama 3.3 70B Instruct', 'Meta', 44),
  m('meta-llama/llama-3.3-70b-instruct:free', 'Meta: Llama 3.3 70B Instruct (free)', 'Meta', 30),
  m('meta-llama/llama-3-8b-instruct', 'Meta: Llama 3 8B Instruct', 'Meta', 28),
  m('meta-llama/llama-3-70b-instruct', 'Meta: Llama 3 70B Instruct', 'Meta', 29),
  m('meta-llama/llama-4-maverick', 'Meta: Llama 4 Maverick', 'Meta', 41),
  m('meta-llama/llama-4-scout', 'Meta: Llama 4 Scout', 'Meta', 39),
  m('meta-llama/llama-guard-4-12b', 'Meta: Llama Guard 4 12B', 'Meta', 18),
  m('nvidia/llama-3.3-nemotron-super-49b-v1.5', 'NVIDIA: Llama 3.3 Nemotron Super 49B V1.5', 'NVIDIA', 24),
  m('sao10k/l3.1-euryale-70b', 'Sao10K: Llama 3.1 Euryale 70B v2.2', 'Sao10K', 15),
  m('alfredpros/codellama-7b-instruct-solidity', 'AlfredPros: CodeLLaMa 7B Instruct Solidity', 'AlfredPros', 8),
  m('openai/gpt-4o', 'OpenAI: GPT-4o', 'OpenAI', 70),
  m('openai/gpt-4o-2024-11-20', 'OpenAI: GPT-4o (2024-11-20)', 'OpenAI', 40),
  m('openai/gpt-4o-mini', 'OpenAI: GPT-4o-mini', 'OpenAI', 62),
  m('openai/gpt-4o-mini-search-preview', 'OpenAI: GPT-4o-mini Search Preview', 'OpenAI', 20),
  m('openai/gpt-4.1', 'OpenAI: GPT-4.1', 'OpenAI', 60),
  m('openai/gpt-4.1-mini', 'OpenAI: GPT-4.1 Mini', 'OpenAI', 50),
  m('openai/gpt-5', 'OpenAI: GPT-5', 'OpenAI', 75),
  m('openai/gpt-5-mini', 'OpenAI: GPT-5 Mini', 'OpenAI', 58),
  m('openai/o3', 'OpenAI: o3', 'OpenAI', 55),
  m('openai/o3-mini', 'OpenAI: o3 Mini', 'OpenAI', 48),
  m('openai/gpt-3.5-turbo', 'OpenAI: GPT-3.5 Turbo', 'OpenAI', 45),
  m('anthropic/claude-sonnet-4.5', 'Anthropic: Claude Sonnet 4.5', 'Anthropic', 72),
  m('anthropic/claude-sonnet-4', 'Anthropic: Claude Sonnet 4', 'Anthropic', 66),
  m('anthropic/claude-opus-4.1', 'Anthropic: Claude Opus 4.1', 'Anthropic', 64),
  m('anthropic/claude-opus-4.5', 'Anthropic: Claude Opus 4.5', 'Anthropic', 68),
  m('anthropic/claude-haiku-4.5', 'Anthropic: Claude Haiku 4.5', 'Anthropic', 57),
  m('anthropic/claude-3.5-haiku', 'Anthropic: Claude 3.5 Haiku', 'Anthropic', 46),
  m('anthropic/claude-3.5-sonnet', 'Anthropic: Claude 3.5 Sonnet', 'Anthropic', 52),
  m('anthropic/claude-opus-4.7-fast', 'Anthropic: Claude Opus 4.7 (Fast)', 'Anthropic', 35),
  m('anthropic/claude-opus-4.7', 'Anthropic: Claude Opus 4.7', 'Anthropic', 61),
  m('google/gemini-2.5-pro', 'Google: Gemini 2.5 Pro', 'Google', 71),
  m('google/gemini-2.5-flash', 'Google: Gemini 2.5 Flash', 'Google', 67),
  m('google/gemini-2.5-flash-lite', 'Google: Gemini 2.5 Flash Lite', 'Google', 50),
  m('google/gemini-2.0-flash-001', 'Google: Gemini 2.0 Flash', 'Google', 47),
  m('google/gemini-3-pro-preview', 'Google: Gemini 3 Pro Preview', 'Google', 63),
  m('google/gemini-2.5-flash-image', 'Google: Nano Banana (Gemini 2.5 Flash Image)', 'Google', 49),
  m('~google/gemini-pro-latest', 'Google Gemini Pro Latest', 'Google', 33),
  m('google/gemma-3-27b-it', 'Google: Gemma 3 27B', 'Google', 37),
  m('mistralai/mistral-large', 'Mistral Large', 'Mistral', 42),
  m('mistralai/mistral-7b-instruct', 'Mistral: Mistral 7B Instruct', 'Mistral', 34),
  m('mistralai/mixtral-8x7b-instruct', 'Mistral: Mixtral 8x7B Instruct', 'Mistral', 31),
  m('deepseek/deepseek-r1', 'DeepSeek: R1', 'DeepSeek', 65),
  m('deepseek/deepseek-chat-v3.1', 'DeepSeek: DeepSeek V3.1', 'DeepSeek', 59),
  m('qwen/qwen-2.5-72b-instruct', 'Qwen2.5 72B Instruct', 'Qwen', 43),
  m('qwen/qwen3-235b-a22b', 'Qwen: Qwen3 235B A22B', 'Qwen', 53),
  m('x-ai/grok-4', 'xAI: Grok 4', 'xAI', 56),
  m('perplexity/sonar-pro', 'Perplexity: Sonar Pro', 'Perplexity', 38),
  m('microsoft/phi-4', 'Microsoft: Phi 4', 'Microsoft', 32),
  p('gemini', 'gemini', 'Google', 45, ['Gemini', 'Google Gemini']),
  p('chatgpt', 'ChatGPT', 'OpenAI', 90, ['Chat GPT']),
  p('claude', 'Claude', 'Anthropic', 80, ['Claude.ai']),
  p('cursor', 'Cursor', 'Anysphere', 74, ['Cursor IDE']),
  p('github-copilot', 'GitHub Copilot', 'GitHub', 78),
  p('microsoft-copilot', 'Microsoft Copilot', 'Microsoft', 60),
  p('midjourney', 'Midjourney', 'Midjourney', 69),
  p('notion-ai', 'Notion AI', 'Notion', 54),
  p('perplexity', 'Perplexity', 'Perplexity AI', 73, ['Perplexity AI']),
  p('grok', 'Grok', 'xAI', 51),
  p('jasper', 'Jasper', 'Jasper AI', 40, ['Jasper AI']),
  p('copy-ai', 'Copy.ai', null, 30),
  p('stable-diffusion', 'Stable Diffusion', 'Stability AI', 58),
  p('dall-e', 'DALL·E 3', 'OpenAI', 55, ['DALL-E', 'Dall-E 3']),
  p('elevenlabs', 'ElevenLabs', 'ElevenLabs', 61),
  p('runway', 'Runway', 'Runway', 48, ['RunwayML']),
  p('windsurf', 'Windsurf', 'Codeium', 47, ['Codeium']),
  p('replit', 'Replit', 'Replit', 46),
  p('character-ai', 'Character.AI', null, 57),
  p('poe', 'Poe', 'Quora', 44),
  p('tabnine', 'Tabnine', 'Tabnine', 36),
  p('le-chat', 'Le Chat', 'Mistral', 39, ['Mistral Le Chat']),
];

const resolver = createResolver(CATALOG);

type Case =
  | [query: string, status: 'match', id: string]
  | [query: string, status: 'ambiguous', ids: string[]]
  | [query: string, status: 'none' | 'empty', ids?: string[]];

const CASES: Case[] = [
  // exact names, aliases, ids
  ['gemini', 'match', 'gemini'],
  ['Gemini', 'match', 'gemini'],
  ['Google Gemini', 'match', 'gemini'],
  ['claude', 'match', 'claude'],
  ['Claude.ai', 'match', 'claude'],
  ['ChatGPT', 'match', 'chatgpt'],
  ['Meta: Llama 3.2 1B Instruct', 'match', 'meta-llama/llama-3.2-1b-instruct'],
  ['meta-llama/llama-3.2-1b-instruct', 'match', 'meta-llama/llama-3.2-1b-instruct'],
  ['openai/gpt-4o-mini', 'match', 'openai/gpt-4o-mini'],
  ['perplexity', 'match', 'perplexity'],
  ['grok', 'match', 'grok'],
  ['Cursor IDE', 'match', 'cursor'],
  ['codeium', 'match', 'windsurf'],
  // vendor prefixes, noise words, punctuation, case
  ['llama 3.2 1b', 'match', 'meta-llama/llama-3.2-1b-instruct'],
  ['Llama-3.2-1B-Instruct', 'match', 'meta-llama/llama-3.2-1b-instruct'],
  ['llama_3.2_1b', 'match', 'meta-llama/llama-3.2-1b-instruct'],
  ['meta llama 3.2 1b', 'match', 'meta-llama/llama-3.2-1b-instruct'],
  ['META: LLAMA 3.2 1B', 'match', 'meta-llama/llama-3.2-1b-instruct'],
  ['llama3.2 1b', 'match', 'meta-llama/llama-3.2-1b-instruct'],
  ['the llama 3.2 1b model', 'match', 'meta-llama/llama-3.2-1b-instruct'],
  ['llama 3.2 1b instruct', 'match', 'meta-llama/llama-3.2-1b-instruct'],
  ['llama 3.2 3b', 'match', 'meta-llama/llama-3.2-3b-instruct'],
  ['llama 3.2 11b vision', 'match', 'meta-llama/llama-3.2-11b-vision-instruct'],
  ['llama 3.3 70b', 'match', 'meta-llama/llama-3.3-70b-instruct'],
  ['llama 3.3 70b free', 'match', 'meta-llama/llama-3.3-70b-instruct:free'],
  ['google gemini 2.5 pro', 'match', 'google/gemini-2.5-pro'],
  ['Gemini-2.5-Flash', 'match', 'google/gemini-2.5-flash'],
  ['gemini 2.5 flash lite', 'match', 'google/gemini-2.5-flash-lite'],
  ['claude opus 4.7', 'match', 'anthropic/claude-opus-4.7'],
  ['claude 3 5 sonnet', 'match', 'anthropic/claude-3.5-sonnet'],
  ['**gemini**', 'match', 'gemini'],
  ['"Claude"', 'match', 'claude'],
  ['  gemini  ', 'match', 'gemini'],
  ['GÉMINI', 'match', 'gemini'],
  ['dall-e', 'match', 'dall-e'],
  ['dall e 3', 'match', 'dall-e'],
  ['character ai', 'match', 'character-ai'],
  ['nano banana', 'match', 'google/gemini-2.5-flash-image'],
  // spacing
  ['gpt4o', 'match', 'openai/gpt-4o'],
  ['gpt-4o', 'match', 'openai/gpt-4o'],
  ['GPT 4o', 'match', 'openai/gpt-4o'],
  ['gpt 4o mini', 'match', 'openai/gpt-4o-mini'],
  ['gpt4o-mini', 'match', 'openai/gpt-4o-mini'],
  ['chat gpt', 'match', 'chatgpt'],
  ['eleven labs', 'match', 'elevenlabs'],
  ['lechat', 'match', 'le-chat'],
  ['midjourney', 'match', 'midjourney'],
  // partial words
  ['llama 1b', 'match', 'meta-llama/llama-3.2-1b-instruct'],
  ['notion', 'match', 'notion-ai'],
  ['llama guard', 'match', 'meta-llama/llama-guard-4-12b'],
  ['sonnet 4.5', 'match', 'anthropic/claude-sonnet-4.5'],
  ['mixtral', 'match', 'mistralai/mixtral-8x7b-instruct'],
  ['deepseek r1', 'match', 'deepseek/deepseek-r1'],
  // typos
  ['gemni', 'match', 'gemini'],
  ['claud', 'match', 'claude'],
  ['claude sonet 4.5', 'match', 'anthropic/claude-sonnet-4.5'],
  ['claud opus 4.1', 'match', 'anthropic/claude-opus-4.1'],
  ['midjurney', 'match', 'midjourney'],
  ['cursr', 'match', 'cursor'],
  ['perplexty', 'match', 'perplexity'],
  ['stable difusion', 'match', 'stable-diffusion'],
  ['githib copilot', 'match', 'github-copilot'],
  // ambiguous
  ['llama', 'ambiguous', ['meta-llama/llama-4-maverick', 'meta-llama/llama-4-scout']],
  ['gemini 2.5', 'ambiguous', ['google/gemini-2.5-pro', 'google/gemini-2.5-flash']],
  ['llama 3.2', 'ambiguous', ['meta-llama/llama-3.2-3b-instruct', 'meta-llama/llama-3.2-1b-instruct']],
  ['llama 3', 'ambiguous', ['meta-llama/llama-3-70b-instruct', 'meta-llama/llama-3-8b-instruct']],
  ['copilot', 'ambiguous', ['github-copilot', 'microsoft-copilot']],
  ['claude sonnet', 'ambiguous', ['anthropic/claude-sonnet-4.5', 'anthropic/claude-sonnet-4']],
  ['claude 3.5', 'ambiguous', ['anthropic/claude-3.5-sonnet', 'anthropic/claude-3.5-haiku']],
  ['gemini pro', 'ambiguous', ['google/gemini-2.5-pro', '~google/gemini-pro-latest']],
  ['gpt 4', 'ambiguous', ['openai/gpt-4o', 'openai/gpt-4.1']],
  ['deepseek', 'ambiguous', ['deepseek/deepseek-r1', 'deepseek/deepseek-chat-v3.1']],
  ['sonnet', 'ambiguous', ['anthropic/claude-sonnet-4.5']],
  // nothing
  ['zzzqqq xyzzy', 'none'],
  // a mention names nothing: never fuzzy-matched ("@here" once found "Cohere")
  ['@everyone', 'empty'],
  ['@here', 'empty'],
  ['<@&123>', 'empty'],
  ['<!channel>', 'empty'],
  ['🦙🦙🦙', 'none'],
  ['llama 9.9 99b', 'none'],
  // empty
  ['', 'empty'],
  ['   ', 'empty'],
  ['\t\n', 'empty'],
];

describe('resolve', () => {
  it.each(CASES)('%j -> %s', (...testCase: Case) => {
    const [query, status, expected] = testCase;
    const res = resolver.resolve(query);
    const ids = res.candidates.map((c) => c.id);
    expect(res.status, `${query}: ${JSON.stringify(res)}`).toBe(status);
    if (status === 'match') {
      expect(res.match?.id).toBe(expected);
      expect(ids[0]).toBe(expected);
    } else {
      expect(res.match).toBeNull();
    }
    if (status === 'ambiguous') {
      for (const id of expected as string[]) expect(ids, `${query} lists ${id}`).toContain(id);
      expect(ids.length).toBeGreaterThanOrEqual(1);
    }
    if (status === 'empty') expect(ids).toEqual([]);
    expect(ids.length).toBeLessThanOrEqual(RESOLVER_LIMITS.candidates);
    for (const c of res.candidates) {
      expect(c.score).toBeGreaterThanOrEqual(0);
      expect(c.score).toBeLessThanOrEqual(1);
      expect(CATALOG.find((e) => e.id === c.id)?.name).toBe(c.name);
    }
  });

  it('an exact name scores 1 and beats every fuzzy candidate', () => {
    const res = resolver.resolve('gemini');
    expect(res.match).toEqual({ id: 'gemini', name: 'gemini', score: 1 });
    expect(res.candidates.slice(1).every((c) => c.score < 1)).toBe(true);
    expect(res.candidates.slice(1).map((c) => c.id)).toContain('google/gemini-2.5-pro');
  });

  it('a numeric mismatch kills confidence: 1b never matches a 3b or 8b model', () => {
    // the 3B model is a listed candidate when the query names its family and version, but never a confident one
    for (const [q, listed] of [
      ['llama 3.2 1b', true],
      ['llama 1b', false],
      ['meta llama 3.2 1b', true],
    ] as const) {
      const res = resolver.resolve(q);
      const llama3b = res.candidates.find((c) => c.id === 'meta-llama/llama-3.2-3b-instruct');
      expect(res.match?.id).toBe('meta-llama/llama-3.2-1b-instruct');
      expect(llama3b !== undefined, q).toBe(listed);
      expect(llama3b?.score ?? 0, q).toBeLessThan(RESOLVER_LIMITS.confidentScore);
    }
    expect(resolver.resolve('llama 3.2 5b').status).not.toBe('match');
    expect(resolver.resolve('gpt 4o').match?.id).toBe('openai/gpt-4o');
    expect(resolver.resolve('gpt 5o').status).not.toBe('match');
  });

  it('a near miss that starts differently is offered, not chosen: a typo keeps its first letter', () => {
    const r = createResolver([...CATALOG, p('khroma', 'Khroma', null, 20), p('llm-app', 'LLM App', null, 20)]);
    // "chroma" (a vector database) is two edits from Khroma (a colour tool); "vllm" contains "llm"
    for (const [q, id] of [['chroma', 'khroma'], ['vllm', 'llm-app']] as const) {
      const res = r.resolve(q);
      expect(res.status, q).toBe('ambiguous');
      expect(res.candidates[0]?.id, q).toBe(id);
    }
    // the same distance with the first letter kept is a typo, and is fixed
    expect(r.resolve('midjurney').match?.id).toBe('midjourney');
    expect(r.resolve('cursr').match?.id).toBe('cursor');
    expect(r.resolve('perplexty').match?.id).toBe('perplexity');
  });

  it('an entry whose unmatched words name another kind of thing is offered, not chosen: "gemini 3 pro" is not its image model', () => {
    // the bundled catalog has no plain Gemini 3 Pro, only its image model and Gemini 3.1 Pro
    const r = createResolver([
      ...CATALOG.filter((e) => e.id !== 'google/gemini-3-pro-preview'),
      m('google/gemini-3-pro-image-preview', 'Google: Nano Banana Pro (Gemini 3 Pro Image Preview)', 'Google', 30),
      m('google/gemini-3.1-pro-preview', 'Google: Gemini 3.1 Pro Preview', 'Google', 30),
    ]);
    const res = r.resolve('gemini 3 pro');
    expect(res.status).toBe('ambiguous');
    // the text model the user may mean is offered beside it, though it scores well below
    expect(res.candidates.map((c) => c.id).slice(0, 2)).toEqual(['google/gemini-3-pro-image-preview', 'google/gemini-3.1-pro-preview']);
    // naming the kind, or the image model's own name, picks it
    expect(r.resolve('gemini 3 pro image').match?.id).toBe('google/gemini-3-pro-image-preview');
    expect(r.resolve('nano banana pro').match?.id).toBe('google/gemini-3-pro-image-preview');
    expect(r.resolve('gemini 3.1 pro').match?.id).toBe('google/gemini-3.1-pro-preview');
  });

  it('none still suggests the nearest names when there are some', () => {
    const res = resolver.resolve('llama 9.9 99b');
    expect(res.status).toBe('none');
    expect(res.candidates.length).toBeGreaterThan(0);
    expect(res.candidates.every((c) => c.id.startsWith('meta-llama/'))).toBe(true);
    expect(resolver.resolve('zzzqqq xyzzy').candidates).toEqual([]);
  });

  it('ambiguous candidates are ranked and scored in order', () => {
    const res = resolver.resolve('gemini 2.5');
    const scores = res.candidates.map((c) => c.score);
    expect([...scores].sort((a, b) => b - a)).toEqual(scores);
    expect(res.candidates.every((c) => /gemini 2\.5/i.test(c.name))).toBe(true);
  });

  it('survives hostile input', () => {
    const hostile = [
      '@everyone',
      '@here <@123456789012345678>',
      '<script>alert(1)</script>',
      '**bold** __under__ ~~strike~~ `code` ||spoiler||',
      '.*+?^${}()|[]\\/',
      '(((((((((((a',
      '\u0000\u0001\u0007\u001b[31mred\u001b[0m',
      '\u202egemini\u202c',
      '\u200b\u200b\u200b',
      'ﷺ𒐫𒐫𒐫꧅',
      '😀😀 gemini 😀',
      '\ud800',
      '%s%s%n',
      '../../etc/passwd',
      "'; DROP TABLE products; --",
      'null',
      'undefined',
      '__proto__',
      'constructor',
      'a'.repeat(10_000),
      'gemini '.repeat(100),
      '1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16',
      'a b c d e f g h i j k l m n o p q r s t',
    ];
    for (const q of hostile) {
      const res = resolver.resolve(q);
      expect(['match', 'ambiguous', 'none', 'empty']).toContain(res.status);
      expect(res.candidates.length).toBeLessThanOrEqual(RESOLVER_LIMITS.candidates);
      expect(resolver.autocomplete(q).length).toBeLessThanOrEqual(RESOLVER_LIMITS.autocomplete);
    }
    expect(resolver.resolve('😀😀 gemini 😀').match?.id).toBe('gemini');
    expect(resolver.resolve('\u202egemini\u202c').match?.id).toBe('gemini');
    expect(resolver.resolve('\u200b\u200b\u200b').status).toBe('empty');
  });

  it('handles non-string input passed by untyped callers without throwing', () => {
    const loose = resolver as unknown as { resolve(q: unknown): ResolveResult; autocomplete(q: unknown, l?: unknown): unknown[] };
    for (const q of [undefined, null, 42, {}, []]) {
      expect(loose.resolve(q).status).toBe('empty');
      expect(loose.autocomplete(q).length).toBeGreaterThan(0);
    }
  });

  it('cuts long queries to maxQueryLength: a 500-character query works', () => {
    const long = 'llama 3.2 1b ' + 'x'.repeat(487);
    expect(long.length).toBe(500);
    const res = resolver.resolve(long);
    expect(['ambiguous', 'none', 'match']).toContain(res.status);
    // the first maxQueryLength characters decide
    const cut = long.slice(0, RESOLVER_LIMITS.maxQueryLength);
    expect(resolver.resolve(cut)).toEqual(res);
    const tail = 'gemini'.padStart(RESOLVER_LIMITS.maxQueryLength + 10, ' ');
    expect(resolver.resolve(tail).match?.id).not.toBe('gemini');
    const padded = 'claude' + ' '.repeat(494);
    expect(resolver.resolve(padded).match?.id).toBe('claude');
  });

  it('is deterministic and independent of input order', () => {
    const shuffled = [...CATALOG].reverse();
    const other = createResolver(shuffled);
    for (const [q] of CASES) {
      expect(other.resolve(q)).toEqual(resolver.resolve(q));
      expect(other.autocomplete(q)).toEqual(resolver.autocomplete(q));
      expect(resolver.resolve(q)).toEqual(resolver.resolve(q));
    }
  });

  it('breaks exact ties by popularity, then by id', () => {
    const twins: ResolverEntry[] = [
      { id: 'b-tool', name: 'Twin Tool', aliases: [], vendor: null, type: 'product', popularity: 10 },
      { id: 'a-tool', name: 'Twin Tool', aliases: [], vendor: null, type: 'product', popularity: 10 },
      { id: 'c-tool', name: 'Twin Tool', aliases: [], vendor: null, type: 'product', popularity: 50 },
    ];
    const r = createResolver(twins);
    const res = r.resolve('twin tool');
    expect(res.status).toBe('ambiguous');
    expect(res.candidates.map((c) => c.id)).toEqual(['c-tool', 'a-tool', 'b-tool']);
    expect(r.autocomplete('twin').map((c) => c.id)).toEqual(['c-tool', 'a-tool', 'b-tool']);
  });

  it('popularity breaks near-ties between equally good fuzzy candidates', () => {
    const pair = (popA: number, popB: number): ResolverEntry[] => [
      { id: 'x/alpha-pro', name: 'X: Zorblat Alpha Pro', aliases: [], vendor: 'X', type: 'model', popularity: popA },
      { id: 'x/alpha-max', name: 'X: Zorblat Alpha Max', aliases: [], vendor: 'X', type: 'model', popularity: popB },
    ];
    expect(createResolver(pair(90, 10)).resolve('zorblat alpha').candidates[0].id).toBe('x/alpha-pro');
    expect(createResolver(pair(10, 90)).resolve('zorblat alpha').candidates[0].id).toBe('x/alpha-max');
    expect(createResolver(pair(10, 90)).resolve('zorblat alpha').status).toBe('ambiguous');
  });

  it('keeps only the first entry of a duplicated id and reports the size', () => {
    const r = createResolver([...CATALOG, { ...CATALOG[0], name: 'Something Else', popularity: 0 }]);
    expect(r.size).toBe(CATALOG.length);
    expect(resolver.size).toBe(CATALOG.length);
    expect(createResolver([]).size).toBe(0);
    expect(createResolver([]).resolve('gemini')).toEqual({ status: 'none', match: null, candidates: [] });
    expect(createResolver([]).autocomplete('')).toEqual([]);
  });

  it('normalises names and queries the same way', () => {
    expect(normalise('Meta: Llama-3.2-1B_Instruct')).toBe('meta llama 3.2 1b instruct');
    expect(normalise('gpt4o')).toBe(normalise('GPT-4o'));
    expect(normalise('v1.5.')).toBe('v 1.5');
    expect(normalise('Café  Crème')).toBe('cafe creme');
    expect(normalise("Let's go!")).toBe('lets go');
  });

  it('normalises ASCII text exactly as the rule written as regular expressions', () => {
    const byRule = (text: string) =>
      text
        .toLowerCase()
        .replace(/['`]/g, '')
        .replace(/[^a-z0-9.]+/g, ' ')
        .replace(/(?<![0-9])\.|\.(?![0-9])/g, ' ')
        .replace(/([a-z])(?=[0-9])/g, '$1 ')
        .replace(/ +/g, ' ')
        .trim();
    let seed = 12345;
    const rand = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32);
    const alphabet = "aZ9.0 -_'`:/()[]b1.2..x  Ab";
    const samples = ['', ' ', '...', '1.2.3', 'a.b', 'v1.', '.5', "it's 4o", 'GPT-4.1 mini', 'x'.repeat(300) + '9'];
    for (let i = 0; i < 5000; i++) {
      let s = '';
      const len = Math.floor(rand() * 20);
      for (let j = 0; j < len; j++) s += rand() < 0.7 ? alphabet[Math.floor(rand() * alphabet.length)] : String.fromCharCode(32 + Math.floor(rand() * 95));
      samples.push(s);
    }
    for (const e of syntheticEntries(500, 9)) samples.push(e.name, e.id, ...e.aliases);
    for (const s of samples) expect(normalise(s), JSON.stringify(s)).toBe(byRule(s));
  });
});

describe('autocomplete', () => {
  it('returns at most min(limit, 25) choices', () => {
    expect(resolver.autocomplete('a').length).toBeLessThanOrEqual(25);
    expect(resolver.autocomplete('').length).toBe(25);
    expect(resolver.autocomplete('', 100).length).toBe(25);
    expect(resolver.autocomplete('', 5).length).toBe(5);
    expect(resolver.autocomplete('llama', 3).length).toBe(3);
    expect(resolver.autocomplete('gem', 0)).toEqual([]);
    expect(resolver.autocomplete('gem', -4)).toEqual([]);
    expect(resolver.autocomplete('gem', Number.NaN).length).toBeLessThanOrEqual(25);
  });

  it('an empty query lists the most popular entries', () => {
    const top = resolver.autocomplete('', 5).map((c) => c.id);
    const expected = [...CATALOG].sort((a, b) => b.popularity - a.popularity).slice(0, 5).map((e) => e.id);
    expect(top).toEqual(expected);
    expect(resolver.autocomplete('   ', 3).map((c) => c.id)).toEqual(expected.slice(0, 3));
  });

  it.each(['g', 'ge', 'gem', 'gemi', 'gemin'])('partial keystrokes %j put gemini near the top', (q) => {
    const ids = resolver.autocomplete(q).map((c) => c.id);
    expect(ids.indexOf('gemini')).toBeGreaterThanOrEqual(0);
    expect(ids.indexOf('gemini')).toBeLessThan(q.length <= 1 ? 5 : 2);
  });

  it('prefix matches come before fuzzy ones and names are as stored', () => {
    const res = resolver.autocomplete('cl');
    expect(res[0]).toMatchObject({ id: 'claude', name: 'Claude' });
    expect(res.slice(0, 8).every((c) => /claude/i.test(c.name))).toBe(true);
    const llama = resolver.autocomplete('llama 3.2 1');
    expect(llama[0].id).toBe('meta-llama/llama-3.2-1b-instruct');
    const ids = llama.map((c) => c.id);
    expect(ids[1]).toBe('meta-llama/llama-3.2-11b-vision-instruct');
    // a number that does not continue what was typed ranks below every one that does
    const threeB = ids.indexOf('meta-llama/llama-3.2-3b-instruct');
    expect(threeB).toBeGreaterThan(1);
    expect(llama[threeB].score).toBeLessThan(llama[1].score - 0.2);
  });

  it('ranks by match quality, then popularity', () => {
    const res = resolver.autocomplete('claude');
    expect(res[0].id).toBe('claude');
    const models = res.filter((c) => c.id.startsWith('anthropic/'));
    const pops = models.map((c) => CATALOG.find((e) => e.id === c.id)!.popularity);
    const scores = models.map((c) => c.score);
    // "claude" matches many Anthropic models equally well; among those ties, popularity decides
    const ties: Array<[string, number, number]> = [];
    for (let i = 1; i < models.length; i++) if (scores[i] === scores[i - 1]) ties.push([models[i].id, pops[i - 1], pops[i]]);
    expect(ties.length, 'tied pairs').toBeGreaterThanOrEqual(3);
    for (const [id, before, pop] of ties) expect(pop, id).toBeLessThanOrEqual(before);
    expect(res.map((c) => c.score)).toEqual([...res.map((c) => c.score)].sort((a, b) => b - a));
  });

  it('tolerates typos while typing', () => {
    expect(resolver.autocomplete('midjor')[0].id).toBe('midjourney');
    expect(resolver.autocomplete('perplex')[0].id).toBe('perplexity');
    expect(resolver.autocomplete('gpt4')[0].id).toMatch(/^openai\/gpt-4/);
  });

  it('offers nothing for nonsense', () => {
    expect(resolver.autocomplete('zzzqqq xyzzy')).toEqual([]);
  });
});

describe('synthetic catalog', () => {
  it('is deterministic, sized and has unique ids', () => {
    const a = syntheticEntries(2000, 3);
    const b = syntheticEntries(2000, 3);
    expect(a).toEqual(b);
    expect(a).toHaveLength(2000);
    expect(new Set(a.map((e) => e.id)).size).toBe(2000);
    expect(syntheticEntries(2000, 4)).not.toEqual(a);
    expect(a.some((e) => e.type === 'model' && /^[^:]+: /.test(e.name))).toBe(true);
    expect(a.some((e) => e.type === 'product')).toBe(true);
    expect(syntheticEntries(0)).toEqual([]);
  });
});

describe('scale: the fixture inside 20k synthetic entries', () => {
  const synthetic = syntheticEntries(20_000, 42);
  const big = createResolver([...CATALOG, ...synthetic]);

  it('builds over every entry', () => {
    expect(big.size).toBe(CATALOG.length + synthetic.length);
  });

  it.each(
    CASES.filter(([, status]) => status === 'match').map(([q, , id]) => [q, id] as [string, string]),
  )('%j still resolves to %s', (q, id) => {
    const res = big.resolve(q);
    expect(res.match?.id ?? res.candidates[0]?.id, JSON.stringify(res)).toBe(id);
  });

  it('the key queries stay confident', () => {
    for (const [q, id] of [
      ['gemini', 'gemini'],
      ['claude', 'claude'],
      ['llama 3.2 1b', 'meta-llama/llama-3.2-1b-instruct'],
      ['meta-llama/llama-3.2-1b-instruct', 'meta-llama/llama-3.2-1b-instruct'],
      ['gpt4o', 'openai/gpt-4o'],
      ['chat gpt', 'chatgpt'],
      ['gemni', 'gemini'],
      ['claude sonet 4.5', 'anthropic/claude-sonnet-4.5'],
    ]) {
      expect(big.resolve(q).match?.id, q).toBe(id);
    }
    expect(big.resolve('llama').status).toBe('ambiguous');
    expect(big.resolve('zzzqqq xyzzy').status).toBe('none');
  });

  it('every sampled synthetic entry is found by its exact name and by a lower-case form without vendor', () => {
    const byNorm = new Map<string, Set<string>>();
    for (const e of [...CATALOG, ...synthetic]) {
      const k = normalise(e.name);
      if (!byNorm.has(k)) byNorm.set(k, new Set());
      byNorm.get(k)!.add(e.id);
    }
    let exactHits = 0;
    let lowerHits = 0;
    const sample = synthetic.filter((_, i) => i % 97 === 0);
    for (const e of sample) {
      const same = byNorm.get(normalise(e.name))!;
      const res = big.resolve(e.name);
      if (same.size === 1) {
        expect(res.status, e.name).toBe('match');
        expect(res.match?.id).toBe(e.id);
      } else {
        expect(res.candidates.map((c) => c.id)).toContain(e.id);
      }
      exactHits++;
      const lower = e.name.includes(':') ? e.name.slice(e.name.indexOf(':') + 1).toLowerCase() : e.name.toLowerCase();
      const top = big.resolve(lower).match ?? big.resolve(lower).candidates[0];
      if (top && normalise(big.resolve(lower).candidates.find((c) => c.id === top.id)!.name) === normalise(e.name)) lowerHits++;
    }
    expect(exactHits).toBe(sample.length);
    expect(lowerHits / sample.length).toBeGreaterThan(0.95);
  });

  it('autocomplete stays within limits and finds popular prefixes', () => {
    expect(big.autocomplete('').length).toBe(25);
    expect(big.autocomplete('gem').map((c) => c.id).slice(0, 5)).toContain('gemini');
    expect(big.autocomplete('chatg')[0].id).toBe('chatgpt');
  });
});
