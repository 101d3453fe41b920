/**
 * Discord's escaping, once: every catalog or user text in a card or an alert goes through it.
 */
import { escapeMarkdown } from 'discord.js';
import { sanitizeText } from '../../core/text.js';

export const ZWSP = '\u200b';

/** Breaks @everyone, @here, <@id>, <@&id>, <#id> and </command:id> so they can never ping or link. */
export function neutraliseMentions(text: string): string {
  return text.replace(/@/g, `@${ZWSP}`).replace(/<(?=[#/:]|a:)/g, `<${ZWSP}`);
}

/** Sanitised (bidi controls, zero-width characters, lone surrogates), control characters out, markdown escaped, mentions neutralised. */
export function escapeText(text: string): string {
  // eslint-disable-next-line no-control-regex
  const cleaned = sanitizeText(text).replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, '');
  // the italic escaper is the costly one; text without * or _ has nothing for it to do
  const italic = /[*_]/.test(cleaned);
  return neutraliseMentions(
    escapeMarkdown(cleaned, { italic, heading: true, bulletedList: true, numberedList: true, maskedLink: true }),
  );
}

