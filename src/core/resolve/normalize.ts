/**
 * Text normalisation for name resolution. Both catalog names and user queries go through
 * the same functions, so whatever folding happens here happens on both sides.
 */

const COMBINING_MARKS = /\p{M}+/gu;
const APOSTROPHES = /['\u2018\u2019`\u00b4]/g;
const NON_WORD = /[^\p{L}\p{N}.]+/gu;
/** a dot that is not between two digits ("3.2" keeps its dot, "v1." and "a.b" do not) */
const LONE_DOT = /(?<!\p{N})\.|\.(?!\p{N})/gu;
/** a letter followed by a digit: "gpt4o" -> "gpt 4o", "llama3.2" -> "llama 3.2" */
const LETTER_DIGIT = /(\p{L})(?=\p{N})/gu;
const SPACES = / +/g;
const BRACKETED = /\([^)]*\)|\[[^\]]*\]/g;
const BRACKET_CONTENT = /\(([^)]*)\)|\[([^\]]*)\]/g;

/**
 * Lower-case, fold diacritics and compatibility forms, turn punctuation, hyphens, underscores,
 * slashes and colons into spaces, keep decimal points inside numbers, split letters from a
 * following number, collapse spaces.
 */
const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;

export function normalise(text: string): string {
  if (PRINTABLE_ASCII.test(text)) return normaliseAscii(text);
  return text
    .toLowerCase()
    .normalize('NFKD')
    .replace(COMBINING_MARKS, '')
    .replace(APOSTROPHES, '')
    .replace(NON_WORD, ' ')
    .replace(LONE_DOT, ' ')
    .replace(LETTER_DIGIT, '$1 ')
    .replace(SPACES, ' ')
    .trim();
}

let words = new Uint8Array(256);
let out = new Uint8Array(512);

/**
 * `normalise` for printable ASCII, in two passes over the characters instead of six regular
 * expressions (it runs for every name form when a resolver is built). Same output as
 *   lower-case; drop ' and `; [^a-z0-9.]+ -> ' '; a dot not between two digits -> ' ';
 *   a letter followed by a digit gets a space after it; collapse spaces; trim.
 */
function normaliseAscii(text: string): string {
  const n = text.length;
  if (words.length < n) words = new Uint8Array(Math.max(n, 2 * words.length));
  if (out.length < 2 * n) out = new Uint8Array(Math.max(2 * n, 2 * out.length));
  // pass 1: lower-case, drop apostrophes, each run of other characters becomes one space
  let m = 0;
  for (let i = 0; i < n; i++) {
    let c = text.charCodeAt(i);
    if (c === 39 || c === 96) continue;
    if (c >= 65 && c <= 90) c += 32;
    if ((c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 46) words[m++] = c;
    else if (m === 0 || words[m - 1] !== 32) words[m++] = 32;
  }
  // pass 2: lone dots become spaces, letters before digits get a space, spaces collapse and trim
  let k = 0;
  for (let i = 0; i < m; i++) {
    let c = words[i];
    if (c === 46) {
      const before = i > 0 && words[i - 1] >= 48 && words[i - 1] <= 57;
      const after = i + 1 < m && words[i + 1] >= 48 && words[i + 1] <= 57;
      if (!before || !after) c = 32;
    }
    if (c === 32) {
      if (k > 0 && out[k - 1] !== 32) out[k++] = 32;
      continue;
    }
    out[k++] = c;
    if (c >= 97 && c <= 122 && i + 1 < m && words[i + 1] >= 48 && words[i + 1] <= 57) out[k++] = 32;
  }
  if (k > 0 && out[k - 1] === 32) k--;
  return String.fromCharCode.apply(null, out.subarray(0, k) as unknown as number[]);
}

export function compact(normalised: string): string {
  return normalised.replace(SPACES, '');
}

export function tokens(normalised: string): string[] {
  return normalised === '' ? [] : normalised.split(' ');
}

const DIGIT = /\p{N}/u;
export function isNumericToken(token: string): boolean {
  return DIGIT.test(token);
}

/**
 * Words that catalog names carry but users leave out ("Llama 3.2 1B Instruct" is asked for as
 * "llama 3.2 1b"). Derived name forms drop them, and they never count as unmatched extra words.
 */
export const NAME_NOISE: ReadonlySet<string> = new Set(['instruct', 'it', 'the', 'model']);

/**
 * Words in a query that carry little identity ("the", "model", "ai"). They still match when
 * present in a name, but a candidate lacking them loses little.
 */
export const QUERY_OPTIONAL: ReadonlySet<string> = new Set([
  'the',
  'a',
  'an',
  'model',
  'models',
  'llm',
  'ai',
  'app',
  'v',
  'version',
]);

export interface NameForm {
  /** normalised text */
  text: string;
  /**
   * how far the form is from what the catalog states:
   * 0 name or alias; 1 vendor-stripped name, vendor-prefixed name, id, id tail;
   * 2 the same without noise words; 3 without a bracketed suffix, or the bracketed text itself
   */
  tier: number;
  /** a name as people read it (a stated name or alias, or one without its vendor prefix), not an id or a variant */
  display: boolean;
}

export const FORM_TIERS = { stated: 0, derived: 1, noiseFree: 2, bracket: 3 } as const;

const NOISE_WORD = new RegExp(`(?:^| )(?:${[...NAME_NOISE].join('|')})(?= |$)`);

function withoutNoise(normalised: string): string {
  if (!NOISE_WORD.test(normalised)) return normalised;
  return tokens(normalised)
    .filter((t) => !NAME_NOISE.has(t))
    .join(' ');
}

/** true when a form keeps at least one word that is neither a number nor a noise or filler word */
function hasIdentity(normalised: string): boolean {
  return tokens(normalised).some((t) => !isNumericToken(t) && !NAME_NOISE.has(t) && !QUERY_OPTIONAL.has(t));
}

function afterColon(raw: string): string | null {
  const colon = raw.indexOf(':');
  if (colon <= 0 || colon >= raw.length - 1) return null;
  return raw.slice(colon + 1);
}

/** All the forms an entry can be asked for by, each once with its lowest tier. */
export function nameForms(entry: {
  id: string;
  name: string;
  aliases: readonly string[];
  vendor: string | null;
}): NameForm[] {
  const best = new Map<string, { tier: number; display: boolean }>();
  const add = (text: string, tier: number, display = false): void => {
    if (text === '') return;
    const prev = best.get(text);
    if (prev === undefined) best.set(text, { tier, display });
    else best.set(text, { tier: Math.min(tier, prev.tier), display: display || prev.display });
  };

  const stated: string[] = [entry.name, ...entry.aliases].filter((s) => typeof s === 'string' && s.trim() !== '');
  const rawForms: Array<{ raw: string; norm: string; tier: number; display: boolean }> = [];
  for (const s of stated) rawForms.push({ raw: s, norm: normalise(s), tier: FORM_TIERS.stated, display: true });

  const vendor = entry.vendor ? normalise(entry.vendor) : '';
  const vendorWords = tokens(vendor);
  for (const s of stated) {
    const rest = afterColon(s);
    if (rest === null) continue;
    const norm = normalise(rest);
    if (hasIdentity(norm)) rawForms.push({ raw: rest, norm, tier: FORM_TIERS.derived, display: true });
  }
  const id = entry.id.replace(/^~/, '');
  rawForms.push({ raw: id, norm: normalise(id), tier: FORM_TIERS.derived, display: false });
  const slash = id.lastIndexOf('/');
  if (slash >= 0 && slash < id.length - 1) {
    const tail = id.slice(slash + 1);
    rawForms.push({ raw: tail, norm: normalise(tail), tier: FORM_TIERS.derived, display: false });
  }

  const base: NameForm[] = [];
  for (const { norm: n, tier, display } of rawForms) {
    if (n === '') continue;
    base.push({ text: n, tier, display });
    if (vendor !== '') {
      if (n.startsWith(vendor + ' ')) {
        // "Anthropic Claude Haiku Latest" -> "claude haiku latest", but not "Mistral Large" -> "large"
        const rest = n.slice(vendor.length + 1);
        if (hasIdentity(rest) && rest.includes(' ')) base.push({ text: rest, tier: FORM_TIERS.derived, display });
      } else if (tier === FORM_TIERS.stated && !tokens(n).some((t) => vendorWords.includes(t))) {
        base.push({ text: `${vendor} ${n}`, tier: FORM_TIERS.derived, display: false });
      }
    }
  }
  for (const f of base) {
    add(f.text, f.tier, f.display);
    const quiet = withoutNoise(f.text);
    if (quiet !== f.text) add(quiet, Math.max(f.tier, FORM_TIERS.noiseFree));
  }

  for (const { raw } of rawForms) {
    if (!raw.includes('(') && !raw.includes('[')) continue;
    const outside = normalise(raw.replace(BRACKETED, ' '));
    add(outside, FORM_TIERS.bracket);
    add(withoutNoise(outside), FORM_TIERS.bracket);
    const stripped = afterColon(raw.replace(BRACKETED, ' '));
    if (stripped !== null) {
      add(normalise(stripped), FORM_TIERS.bracket);
      add(withoutNoise(normalise(stripped)), FORM_TIERS.bracket);
    }
    for (const m of raw.matchAll(BRACKET_CONTENT)) {
      const inner = normalise(m[1] ?? m[2] ?? '');
      // only descriptive bracket text ("Gemini 2.5 Flash Image"), not "(free)" or "(Fast)"
      if (tokens(inner).length >= 2 && inner.length >= 6) add(inner, FORM_TIERS.bracket);
    }
  }

  // a vendor-prefixed display name is compared through its shorter form ("claude opus 4.1" for
  // "anthropic claude opus 4.1"): fewer strings for the fuzzy comparison, same words
  const shown = [...best].filter(([, v]) => v.display).map(([text]) => text);
  return [...best].map(([text, { tier, display }]) => ({
    text,
    tier,
    display: display && !shown.some((other) => other !== text && text.endsWith(` ${other}`)),
  }));
}
