import { describe, expect, it } from 'vitest';
import { decodeSlackText, intentToCommand, parseIntent, type Intent } from '../src/platforms/slack/intent.js';

const BOT = '<@U0MATCHGR>';

type Expect = Pick<Intent, 'intent' | 'names'> & { options?: Intent['options'] };

const PARSES: Array<[string, Expect]> = [
  // alternatives
  [`${BOT} alternatives to cursor`, { intent: 'alternatives', names: ['cursor'] }],
  [`${BOT} what can I use instead of midjourney?`, { intent: 'alternatives', names: ['midjourney'] }],
  [`${BOT} alternatives for Notion AI`, { intent: 'alternatives', names: ['Notion AI'] }],
  [`${BOT} alternative to GitHub Copilot please`, { intent: 'alternatives', names: ['GitHub Copilot'] }],
  [`${BOT} what could replace jasper?`, { intent: 'alternatives', names: ['jasper'] }],
  [`${BOT} we want to replace Grammarly with something cheaper`, { intent: 'alternatives', names: ['Grammarly'], options: { cheaper: true } }],
  [`${BOT} something similar to perplexity`, { intent: 'alternatives', names: ['perplexity'] }],
  [`${BOT} tools like Otter.ai`, { intent: 'alternatives', names: ['Otter.ai'], options: { type: 'product' } }],
  [`${BOT} models like gpt-4o that are cheaper`, { intent: 'alternatives', names: ['gpt-4o'], options: { cheaper: true, type: 'model' } }],
  [`${BOT} cheaper alternatives to claude 3.5 sonnet`, { intent: 'alternatives', names: ['claude 3.5 sonnet'], options: { cheaper: true } }],
  [`${BOT} cursor alternatives`, { intent: 'alternatives', names: ['cursor'] }],
  [`${BOT} find me some good midjourney alternatives`, { intent: 'alternatives', names: ['midjourney'] }],
  [`hey ${BOT}, any competitors to Synthesia?`, { intent: 'alternatives', names: ['Synthesia'] }],
  [`${BOT} switching from ChatGPT, what else is there?`, { intent: 'alternatives', names: ['ChatGPT'] }],
  // compare
  [`${BOT} compare claude and gpt-4o`, { intent: 'compare', names: ['claude', 'gpt-4o'] }],
  [`${BOT} claude vs gemini`, { intent: 'compare', names: ['claude', 'gemini'] }],
  [`${BOT} compare llama 3.2 1b vs gemini`, { intent: 'compare', names: ['llama 3.2 1b', 'gemini'] }],
  [`${BOT} Llama 3.2 1B versus Gemini`, { intent: 'compare', names: ['Llama 3.2 1B', 'Gemini'] }],
  [`${BOT} compare gpt-4o, claude, gemini`, { intent: 'compare', names: ['gpt-4o', 'claude', 'gemini'] }],
  [`${BOT} claude or gemini?`, { intent: 'compare', names: ['claude', 'gemini'] }],
  [`${BOT} which is better, claude or gpt-4o?`, { intent: 'compare', names: ['claude', 'gpt-4o'] }],
  [`${BOT} what's better, claude or chatgpt?`, { intent: 'compare', names: ['claude', 'chatgpt'] }],
  [`${BOT} what’s better: claude or gemini`, { intent: 'compare', names: ['claude', 'gemini'] }],
  // the purpose stays in the name; resolving it leaves the purpose out (test/search.test.ts)
  [`${BOT} claude vs chatgpt for coding`, { intent: 'compare', names: ['claude', 'chatgpt for coding'] }],
  [`${BOT} claude vs chatgpt for sheets`, { intent: 'compare', names: ['claude', 'chatgpt for sheets'] }],
  [`${BOT} gpt-4o or claude 3.5 sonnet which one`, { intent: 'compare', names: ['gpt-4o', 'claude 3.5 sonnet'] }],
  [`${BOT} what does perplexity cost?`, { intent: 'product', names: ['perplexity'] }],
  [`${BOT} what's the best model for coding`, { intent: 'search', names: [], options: { query: 'model for coding' } }],
  [`${BOT} what's the difference between midjourney and dall-e 3`, { intent: 'compare', names: ['midjourney', 'dall-e 3'] }],
  [`${BOT} how does mistral large compare to gpt-4o?`, { intent: 'compare', names: ['mistral large', 'gpt-4o'] }],
  [`${BOT} is claude better than chatgpt?`, { intent: 'compare', names: ['claude', 'chatgpt'] }],
  [`${BOT} should I use cursor or windsurf`, { intent: 'compare', names: ['cursor', 'windsurf'] }],
  [`${BOT} \`gpt-4o\` vs *claude*`, { intent: 'compare', names: ['gpt-4o', 'claude'] }],
  [`${BOT} notion ai &amp; coda ai vs mem`, { intent: 'compare', names: ['notion ai & coda ai', 'mem'] }],
  // product
  [`${BOT} tell me about gpt-4o`, { intent: 'product', names: ['gpt-4o'] }],
  [`${BOT} what is perplexity?`, { intent: 'product', names: ['perplexity'] }],
  [`${BOT} info on <https://cursor.com|cursor.com>`, { intent: 'product', names: ['cursor.com'] }],
  [`${BOT} how much does Claude 3 Opus cost?`, { intent: 'product', names: ['Claude 3 Opus'] }],
  // top
  [`${BOT} top coding tools`, { intent: 'top', names: [], options: { category: 'coding' } }],
  [`${BOT} top`, { intent: 'top', names: [] }],
  [`${BOT} top 5 models`, { intent: 'top', names: [], options: { limit: 5, type: 'model' } }],
  [`${BOT} what are the best AI tools for writing?`, { intent: 'top', names: [], options: { category: 'writing' } }],
  [`${BOT} best image models`, { intent: 'top', names: [], options: { category: 'image', type: 'model' } }],
  [`${BOT} leaderboard for chatbots`, { intent: 'top', names: [], options: { category: 'chatbots' } }],
  [`${BOT} top 100`, { intent: 'top', names: [], options: { limit: 25 } }],
  // search
  [`${BOT} tools for transcribing meetings`, { intent: 'search', names: [], options: { query: 'tools for transcribing meetings' } }],
  [`${BOT} what can transcribe audio`, { intent: 'search', names: [], options: { query: 'what can transcribe audio' } }],
  [`${BOT} which models support tool calling?`, { intent: 'search', names: [], options: { query: 'which models support tool calling' } }],
  [`${BOT} find me a free text to speech tool`, { intent: 'search', names: [], options: { query: 'find me a free text to speech tool' } }],
  [`${BOT} I need something to transcribe meetings`, { intent: 'search', names: [], options: { query: 'something to transcribe meetings' } }],
  [`${BOT} apps that generate images`, { intent: 'search', names: [], options: { query: 'apps that generate images' } }],
  [`${BOT} best tools for transcribing meetings`, { intent: 'search', names: [], options: { query: 'tools for transcribing meetings' } }],
  [`${BOT} top 5 text to speech tools`, { intent: 'search', names: [], options: { query: 'text to speech tools', limit: 5 } }],
  [`${BOT} show me coding tools`, { intent: 'search', names: [], options: { query: 'show me coding tools' } }],
  [`${BOT} recommend an open weights model with long context`, { intent: 'search', names: [], options: { query: 'recommend an open weights model with long context' } }],
  [`${BOT} text to speech`, { intent: 'search', names: [], options: { query: 'text to speech' } }],
  // names that contain a capability word stay product questions
  [`${BOT} search for cursor`, { intent: 'product', names: ['cursor'] }],
  [`${BOT} what is Claude Code?`, { intent: 'product', names: ['Claude Code'] }],
  // help
  [`${BOT} help`, { intent: 'help', names: [] }],
  [`${BOT} what can you do?`, { intent: 'help', names: [] }],
  [`${BOT} ?`, { intent: 'help', names: [] }],
];

const DOES_NOT_PARSE: string[] = [
  '',
  '   ',
  BOT,
  `${BOT}   `,
  `${BOT} hi`,
  `${BOT} hello!`,
  `hey ${BOT}`,
  `${BOT} thanks!`,
  `${BOT} thank you`,
  `${BOT} good morning`,
  `${BOT} asdf qwerty zxcv`,
  `${BOT} lorem ipsum dolor sit amet consectetur`,
  `${BOT} !!! ??? ...`,
  `${BOT} <!channel>`,
  `${BOT} compare`,
  `${BOT} compare claude`,
  `${BOT} alternatives to`,
  `${BOT} should I use cursor`,
  `${BOT} 🙂`,
];

describe('parseIntent', () => {
  it.each(PARSES)('%s', (text, want) => {
    const got = parseIntent(text);
    expect(got, text).not.toBeNull();
    expect(got!.intent).toBe(want.intent);
    expect(got!.names).toEqual(want.names);
    if (want.options) expect(got!.options).toMatchObject(want.options);
  });

  it.each(DOES_NOT_PARSE)('does not parse %j', (text) => {
    expect(parseIntent(text)).toBeNull();
  });

  it('keeps "cheaper" and type only when asked for', () => {
    expect(parseIntent(`${BOT} alternatives to cursor`)!.options).toEqual({});
    expect(parseIntent(`${BOT} claude vs gemini`)!.options).toEqual({});
  });

  it('ignores text beyond the length limit without failing', () => {
    const long = `${BOT} alternatives to cursor ${'x '.repeat(5000)}`;
    const got = parseIntent(long);
    expect(got?.intent).toBe('alternatives');
    expect(got!.names[0]!.length).toBeLessThanOrEqual(500);
  });
});

describe('intentToCommand', () => {
  it('maps intents to the chat commands and their options', () => {
    expect(intentToCommand(parseIntent(`${BOT} compare claude and gpt-4o`)!)).toEqual({
      command: 'compare',
      options: { first: 'claude', second: 'gpt-4o', third: undefined },
    });
    expect(intentToCommand(parseIntent(`${BOT} cheaper alternatives to cursor`)!)).toEqual({
      command: 'alternatives',
      options: { product: 'cursor', cheaper: true, type: undefined },
    });
    expect(intentToCommand(parseIntent(`${BOT} tell me about gpt-4o`)!)).toEqual({ command: 'product', options: { name: 'gpt-4o' } });
    expect(intentToCommand(parseIntent(`${BOT} top 5 coding tools`)!)).toEqual({
      command: 'top',
      options: { category: 'coding', type: undefined, limit: 5 },
    });
    expect(intentToCommand(parseIntent(`${BOT} tools for transcribing meetings`)!)).toEqual({
      command: 'search',
      options: { query: 'tools for transcribing meetings', limit: undefined },
    });
    expect(intentToCommand(parseIntent(`${BOT} help`)!)).toBeNull();
  });
});

describe('decodeSlackText', () => {
  it('removes mentions, reduces links to labels and decodes entities', () => {
    const out = decodeSlackText('<@U123|bob> a &amp; b &lt;x&gt; <#C42|general> <!here> <https://x.dev|x.dev> <https://y.dev>');
    expect(out.replace(/\s+/g, ' ').trim()).toBe('a & b <x> x.dev y.dev');
  });
});
