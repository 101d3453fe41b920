/**
 * The one sanitiser for text that is shown back to people (names, queries, catalog text), used
 * by every renderer before its own escaping, and the reading of chat mentions in what people type.
 * Platform-neutral: Discord's and Slack's mention syntaxes are both just text here.
 */

/** Bidirectional controls: embeddings and overrides, isolates, the marks (and Arabic letter mark). */
const BIDI_CONTROLS = /[\u202A-\u202E\u2066-\u2069\u200E\u200F\u061C]/g;
/** Zero-width and invisible characters: spaces, non-joiner, word joiner, invisible operators, BOM, Mongolian vowel separator. */
const ZERO_WIDTH = /[\u200B\u200C\u2060-\u2064\uFEFF\u180E]/g;
/** The zero-width joiner, except where it joins the parts of an emoji (👩‍💻). */
const LOOSE_ZWJ = /(?<!\p{Extended_Pictographic}\uFE0F?)\u200D|\u200D(?!\p{Extended_Pictographic})/gu;
/** A high surrogate not followed by a low one, or a low one not preceded by a high one. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const REPLACEMENT = '\uFFFD';

/**
 * Text safe to echo: bidi controls (which can reverse what a reader sees, "gpt‮evil‬-4o") and
 * zero-width characters removed, lone surrogates (not encodable as UTF-8) replaced by U+FFFD.
 * Everything else, emoji and other scripts included, is left as it is.
 */
export function sanitizeText(text: string): string {
  // the common case, plain text, costs one test
  if (!/[\u061C\u180E\u200B-\u200F\u202A-\u202E\u2060-\u2069\uFEFF\uD800-\uDFFF]/.test(text)) return text;
  return text.replace(LONE_SURROGATE, REPLACEMENT).replace(BIDI_CONTROLS, '').replace(ZERO_WIDTH, '').replace(LOOSE_ZWJ, '');
}

/**
 * Chat mentions: Discord's <@id>, <@!id>, <@&role>, <#channel>, Slack's <@U…>, <#C…>, <!here>,
 * <!channel>, <!everyone>, <!subteam^…>, and the typed @here, @everyone, @channel.
 */
const MENTION = /<@[!&]?\d{1,25}>|<#\d{1,25}>|<[@#][A-Z0-9]{2,30}(?:\|[^>]{0,100})?>|<!(?:here|channel|everyone)(?:\|[^>]{0,100})?>|<!subteam\^[A-Z0-9]{1,30}(?:\|[^>]{0,100})?>|@(?:here|everyone|channel)\b/gi;

/** The text without chat mentions (each replaced by a space), spaces collapsed. */
export function withoutMentions(text: string): string {
  return text.replace(MENTION, ' ').replace(/\s+/g, ' ').trim();
}

/** true when the text, once sanitised, holds mentions and nothing else: it names no product. */
export function isMentionOnly(text: string): boolean {
  const clean = sanitizeText(text).trim();
  return clean !== '' && withoutMentions(clean) === '';
}
