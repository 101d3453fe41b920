/**
 * Natural-language intent of a Slack mention ("@Matchgraph alternatives to cursor"). Pure
 * functions: text in, intent and names out, or null when the text asks for nothing we do.
 */
import { splitNames } from '../../../commands/parse.js';
import type { ProductType } from '../../core/domain.js';
import { parseSearchQuery } from '../../core/search.js';

export type IntentName = 'compare' | 'alternatives' | 'product' | 'top' | 'search' | 'help';

export interface IntentOptions {
  cheaper?: boolean;
  type?: ProductType;
  category?: string;
  limit?: number;
  /** what a search is for, in the user's words */
  query?: string;
}

export interface Intent {
  intent: IntentName;
  names: string[];
  options: IntentOptions;
}

/** Bounds of what the parser accepts as a name or a phrase. */
export const INTENT_LIMITS = {
  /** mention text beyond this is ignored */
  maxText: 500,
  /** a bare "A or B" is read as a comparison only when each side is at most this many words */
  bareOrWords: 5,
  /** names kept for a comparison */
  compareNames: 3,
  /** largest leaderboard a mention can ask for */
  topMax: 25,
  /** a mention that only describes a capability ("transcribe meetings") is read as a search up to this many words */
  bareSearchWords: 12,
} as const;

/**
 * Slack's wire format to plain text: user, channel and group mentions removed, links reduced to
 * their label, the three escaped entities decoded.
 */
export function decodeSlackText(text: string): string {
  return text
    .replace(/<@[UWB][A-Z0-9]+(?:\|[^>]*)?>/g, ' ')
    .replace(/<#[CG][A-Z0-9]+(?:\|[^>]*)?>/g, ' ')
    .replace(/<!(?:here|channel|everyone)(?:\|[^>]*)?>/g, ' ')
    .replace(/<!subteam\^[A-Z0-9]+(?:\|[^>]*)?>/g, ' ')
    .replace(/<!date\^[^|>]*\|([^>]*)>/g, '$1')
    .replace(/<(?:https?:\/\/|mailto:)[^|>]*\|([^>]*)>/g, '$1')
    .replace(/<(?:https?:\/\/)([^|>]*)>/g, '$1')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

const LEADING_FILLER =
  /^(?:hey|hi|hello|yo|ok|okay|so|um+|uh+|please|pls|plz|kindly|can you|could you|would you|will you|can u|could u|i need|i want|i'd like|i would like|help me|let's|lets|quick question|question)\b[\s,.:!-]*/i;
const TRAILING_FILLER = /[\s,]*(?:please|pls|plz|thanks|thank you|thx|for me|for us|right now|today|which one(?: is better)?|which is better|which)\s*$/i;

/** Lower-risk text to match against: mentions gone, formatting characters dropped, spaces collapsed. */
function prepare(text: string): string {
  let t = decodeSlackText(text.slice(0, INTENT_LIMITS.maxText * 2))
    .replace(/[`*\u200b\u2060]/g, '')
    .replace(/[\u201c\u201d]/g, '"')
    .replace(/[\u2018\u2019]/g, "'")
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, INTENT_LIMITS.maxText);
  for (let i = 0; i < 4; i++) {
    const before = t;
    t = t.replace(LEADING_FILLER, '').replace(TRAILING_FILLER, '').trim();
    if (t === before) break;
  }
  return t;
}

/** A name as typed, without quotes, end punctuation, articles and trailing qualifiers. */
export function cleanName(raw: string): string {
  let s = raw.trim();
  for (let i = 0; i < 3; i++) {
    const before = s;
    s = s
      .replace(/\s*[,;]\s+.*$/, '')
      .replace(/[?!.,;:]+$/g, '')
      .replace(/^["'(\[]+|["')\]]+$/g, '')
      .replace(/^(?:the|a|an|my|our|using|use)\s+/i, '')
      .replace(
        /\s+(?:that|which|but|and|who)\s+(?:are|is|'s|be|costs?)?\s*(?:cheaper|free|open[- ]source|less expensive|better|faster|similar)\b.*$/i,
        '',
      )
      .replace(/\s+(?:but\s+)?(?:cheaper|for less|for free)$/i, '')
      .replace(/\s+(?:with|for)\s+(?:something|what|anything)\b.*$/i, '')
      .replace(/\s+(?:cost|costs|do|does)$/i, '')
      .replace(TRAILING_FILLER, '')
      .trim();
    if (s === before) break;
  }
  return s;
}

/** Words that are never a product name on their own ("alternatives to", "replace it"). */
const NOT_A_NAME = /^(?:to|for|of|it|this|that|them|these|those|something|anything|what|which|me|us|you|one|ones|else)$/i;

const hasLetterOrDigit = (s: string) => /[\p{L}\p{N}]/u.test(s) && !NOT_A_NAME.test(s.trim());

function names(list: string[]): string[] {
  return list.map(cleanName).filter(hasLetterOrDigit);
}

function wordCount(s: string): number {
  return s.split(/\s+/).filter(Boolean).length;
}

const CHEAPER = /\b(?:cheaper|less expensive|lower[- ]cost|budget|more affordable)\b/i;

function typeFrom(words: string): ProductType | undefined {
  if (/\b(?:models?|llms?)\b/i.test(words)) return 'model';
  if (/\b(?:tools?|apps?|products?|services?|software|platforms?)\b/i.test(words)) return 'product';
  return undefined;
}

function alternatives(name: string, context: string): Intent | null {
  const n = cleanName(name);
  if (!hasLetterOrDigit(n)) return null;
  const options: IntentOptions = {};
  if (CHEAPER.test(context)) options.cheaper = true;
  const type = typeFrom(context.replace(name, ' '));
  if (type) options.type = type;
  return { intent: 'alternatives', names: [n], options };
}

function compare(list: string[]): Intent | null {
  const n = names(list).slice(0, INTENT_LIMITS.compareNames);
  return n.length >= 2 ? { intent: 'compare', names: n, options: {} } : null;
}

const HELP = /^(?:help|\?+|commands|usage|how to use|what can you do|what do you do|what are you|who are you|how (?:do i use (?:this|you|it)|does this work|do you work))$/i;

const ALT_NOUNS = String.raw`(?:alternatives?|alts?|substitutes?|replacements?|competitors?|rivals?|equivalents?)`;
const ALT_PATTERNS: RegExp[] = [
  new RegExp(String.raw`\b${ALT_NOUNS}\s+(?:to|for|of|than|besides)\s+(.+)$`, 'i'),
  /\b(?:instead of|rather than|in place of|other than|as opposed to)\s+(.+)$/i,
  /\b(?:replace|replacing|swap out|swap|switch(?:ing)?(?: away)? from|mov(?:e|ing)(?: away)? from|migrat(?:e|ing)(?: away)? from|get off|ditch)\s+(.+)$/i,
  /\b(?:similar to|comparable to|close to|akin to)\s+(.+)$/i,
  /\b(?:tools?|apps?|products?|models?|llms?|services?|something|anything|others?|stuff|software|options)\s+(?:like|such as)\s+(.+)$/i,
  new RegExp(String.raw`^(?:find|show|list|give|get|suggest|recommend)?(?:\s+me)?\s*(?:some\s+|the\s+|good\s+|best\s+|cheaper\s+|free\s+)*${ALT_NOUNS}\s+(.+)$`, 'i'),
];
const ALT_SUFFIX = new RegExp(String.raw`^(?:(?:find|show|list|suggest|recommend)(?:\s+me)?\s+)?(?:some\s+|good\s+|best\s+|cheaper\s+|free\s+)*(.+?)\s+${ALT_NOUNS}$`, 'i');

const COMPARE_PATTERNS: RegExp[] = [
  /^(?:compare|comparing|comparison(?:\s+of)?|contrast|diff|benchmark|pit)\s*:?\s+(?:between\s+)?(.+)$/i,
  /^(?:what(?:'s| is| are)\s+)?(?:the\s+)?(?:main\s+)?differences?\s+between\s+(.+)$/i,
  /^(?:which|what)(?:\s+one)?(?:'s|\s+(?:is|'s|would be|should i (?:use|pick|choose)))\s*(?:better|best|cheaper|faster|stronger|smarter|preferable)?\s*(?:for \w+)?\s*[,:]?\s+(?:between\s+)?(.+)$/i,
  /^(?:should i|do i|would you|would you rather)\s+(?:use|pick|choose|go with|get|recommend|buy)\s+(.+)$/i,
];
const COMPARE_PAIR_PATTERNS: RegExp[] = [
  /^how (?:does|do|is|are|would)\s+(.+?)\s+(?:compare|stack up|measure up|fare)\s+(?:to|with|against|versus|vs\.?)\s+(.+)$/i,
  /^(?:is|are)\s+(.+?)\s+(?:better|worse|cheaper|faster|smarter|stronger)\s+than\s+(.+)$/i,
];
const VERSUS = /\s(?:vs\.?|versus|v\.?)\s/i;

const TOP = /^(?:(?:show|list|give|get)(?:\s+me)?\s+|what(?:'s| is| are)\s+|which are\s+)?(?:the\s+)?(?:top|best|leading|highest[- ]rated|highest[- ]ranked|most popular|popular|strongest)\b\s*(\d{1,3})?\s*(.*)$/i;
const LEADERBOARD = /^(?:(?:show|list|give|get)(?:\s+me)?\s+)?(?:the\s+)?(?:leaderboard|leader board|rankings?|ranks|ranking list|charts?)\b\s*(.*)$/i;
const TOP_FILLER = /\b(?:ai|a\.i\.|the|of|in|for|on|by|to|list|ranked|ranking|rank|overall|currently|now|right now|today|this week|all time|ever|options|ones|stuff|things|tools?|apps?|products?|services?|software|platforms?|models?|llms?|please)\b/gi;

/** "what does perplexity cost", "how much is cursor a month" */
const PRICE_OF = /^(?:what|how much)\s+(?:does|do|is|are|would)\s+(.+?)\s+(?:cost|costs|charge|charges|priced at|run|a month|per month)(?:\s+(?:a|per)\s+month)?$/i;

const PRODUCT = /^(?:tell me (?:more )?about|tell me what|what(?:'s| is| are)|who (?:makes|made|built)|info(?:rmation)?(?: on| about| for)?|details?(?: on| about| for| of)?|describe|explain|show(?: me)?|look ?up|lookup|search for|find|product|about|how good is|how much (?:is|does|do)|pricing (?:of|for)|price (?:of|for)|rank (?:of|for)|score (?:of|for)|card for)\s+(.+)$/i;

/** "tools for transcribing meetings", "an app that generates images", "models with tool calling" */
const SEARCH_FOR = new RegExp(
  String.raw`^(?:(?:find|show|list|get|give|recommend|suggest|search(?:\s+for)?|look(?:ing)?\s+for|any|need|want)(?:\s+me)?\s+)?` +
    String.raw`(?:an?\s+|some\s+|any\s+|the\s+)?(?:(?:good|best|great|free|open[- ]source|ai|cheap|cheaper)\s+)*` +
    String.raw`(?:tools?|apps?|applications?|products?|models?|llms?|services?|software|something|anything|options?|solutions?|assistants?)\s+` +
    String.raw`(?:for|to|that|which|who|with|i can use (?:for|to))\s+(.+)$`,
  'i',
);
/** "what can transcribe audio", "which models support tool calling": a search only when the rest names a capability */
const WHAT_CAN = new RegExp(
  String.raw`^(?:what|which)\s+(?:(?:ai\s+)?(?:tools?|apps?|products?|models?|llms?|services?|software|ones?)\s+)?` +
    String.raw`(?:can|could|will|would|should|do|does|support|supports|handle|handles|offer|offers|has|have)\s+` +
    String.raw`(?:i\s+use\s+(?:to|for)\s+|you\s+recommend\s+(?:for|to)\s+|help\s+(?:me\s+)?(?:to\s+)?|be\s+used\s+(?:to|for)\s+)?(.+)$`,
  'i',
);
/** "find text to speech", "show me coding tools": a search only when the rest names a capability (else a product card) */
const FIND = /^(?:find|search(?:\s+for)?|look\s*up|lookup|show(?:\s+me)?|list|recommend|suggest)\s+(.+)$/i;

/** True when the words name at least one capability of the taxonomy. */
function namesCapability(words: string): boolean {
  return parseSearchQuery(words).capabilities.length > 0;
}

function search(query: string, limit?: number): Intent {
  const options: IntentOptions = { query: query.replace(/[?!.]+$/g, '').trim() };
  if (limit !== undefined) options.limit = limit;
  return { intent: 'search', names: [], options };
}

function top(limitRaw: string | undefined, rest: string): Intent {
  const options: IntentOptions = {};
  const type = typeFrom(rest);
  if (type === 'model') options.type = 'model';
  const category = rest
    .replace(TOP_FILLER, ' ')
    .replace(/[?!.,;:]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  if (category) options.category = category;
  if (limitRaw) {
    const limit = Number(limitRaw);
    if (limit >= 1) options.limit = Math.min(limit, INTENT_LIMITS.topMax);
  }
  return { intent: 'top', names: [], options };
}

/**
 * Reads what a mention asks for. Returns null for greetings, thanks, empty text and anything
 * else that names no request (the caller answers those with a short help).
 */
export function parseIntent(text: string): Intent | null {
  const t = prepare(text);
  if (!hasLetterOrDigit(t) && !/^\?+$/.test(t)) return null;
  const bare = t.replace(/[?!.]+$/g, '').trim();

  if (HELP.test(bare) || /^\?+$/.test(t)) return { intent: 'help', names: [], options: {} };

  for (const re of ALT_PATTERNS) {
    const m = re.exec(t);
    if (m) {
      const found = alternatives(m[1]!, t);
      if (found) return found;
    }
  }
  const suffix = ALT_SUFFIX.exec(bare);
  if (suffix) {
    const found = alternatives(suffix[1]!, t);
    if (found) return found;
  }

  for (const re of COMPARE_PAIR_PATTERNS) {
    const m = re.exec(bare);
    if (m) {
      const found = compare([m[1]!, m[2]!]);
      if (found) return found;
    }
  }
  for (const re of COMPARE_PATTERNS) {
    const m = re.exec(bare);
    if (m) {
      const found = compare(splitNames(m[1]!, INTENT_LIMITS.compareNames));
      if (found) return found;
    }
  }
  if (VERSUS.test(` ${bare} `)) {
    const found = compare(splitNames(bare, INTENT_LIMITS.compareNames));
    if (found) return found;
  }

  const topMatch = TOP.exec(bare);
  if (topMatch) {
    // "best tools for transcribing meetings" asks for a capability, not a category leaderboard
    const found = top(topMatch[1], topMatch[2] ?? '');
    const words = (found.options.category ?? '').split(' ').filter(Boolean).length;
    // "the best model for coding": models sit in categories by modality, so a capability asked of models is a search
    if ((words >= 2 || found.options.type === 'model') && namesCapability(topMatch[2] ?? '')) return search(topMatch[2]!, found.options.limit);
    return found;
  }
  const board = LEADERBOARD.exec(bare);
  if (board) return top(undefined, board[1] ?? '');

  const searchFor = SEARCH_FOR.exec(bare);
  if (searchFor && hasLetterOrDigit(searchFor[1]!)) return search(bare);
  const whatCan = WHAT_CAN.exec(bare);
  if (whatCan && namesCapability(whatCan[1]!)) return search(bare);
  const find = FIND.exec(bare);
  if (find && namesCapability(find[1]!)) return search(bare);

  const priceOf = PRICE_OF.exec(bare);
  if (priceOf) {
    const n = names([priceOf[1]!]);
    if (n.length === 1) return { intent: 'product', names: n, options: {} };
  }
  const product = PRODUCT.exec(bare);
  if (product) {
    const n = names([product[1]!]);
    if (n.length === 1) return { intent: 'product', names: n, options: {} };
  }

  // "claude or gemini?" with short sides
  const or = /^(.+?)\s+or\s+(.+)$/i.exec(bare);
  if (or && wordCount(or[1]!) <= INTENT_LIMITS.bareOrWords && wordCount(or[2]!) <= INTENT_LIMITS.bareOrWords) {
    const found = compare([or[1]!, or[2]!]);
    if (found) return found;
  }
  // a bare description of what something should do: "transcribe meetings", "free text to speech"
  if (wordCount(bare) <= INTENT_LIMITS.bareSearchWords && namesCapability(bare)) return search(bare);
  return null;
}

/** The chat command and raw options an intent runs; null for help. */
export function intentToCommand(intent: Intent): { command: string; options: Record<string, unknown> } | null {
  switch (intent.intent) {
    case 'compare':
      return { command: 'compare', options: { first: intent.names[0], second: intent.names[1], third: intent.names[2] } };
    case 'alternatives':
      return {
        command: 'alternatives',
        options: { product: intent.names[0], cheaper: intent.options.cheaper, type: intent.options.type },
      };
    case 'product':
      return { command: 'product', options: { name: intent.names[0] } };
    case 'top':
      return { command: 'top', options: { category: intent.options.category, type: intent.options.type, limit: intent.options.limit } };
    case 'search':
      return { command: 'search', options: { query: intent.options.query, limit: intent.options.limit } };
    case 'help':
      return null;
  }
}
