/**
 * Free-text argument parsing shared by the console and Slack slash commands:
 * "/compare llama 1b vs gemini", "claude, gpt-4o", "claude and gemini".
 */

import { typeWord } from '../src/core/search.js';

const VERSUS = String.raw`(?:vs\.?|versus|v\.?)`;

/** True for a word that separates the names of a comparison: "vs", "vs.", "versus", "v". */
export function isVersus(word: string): boolean {
  return new RegExp(`^${VERSUS}$`, 'i').test(word);
}

/**
 * Splits "a vs b", "a versus b", "a, b", "a and b", "a | b", "a, b and c" into names (at most `max`). A purpose after
 * the last name ("for coding") stays in it: resolving the name leaves it out (Core.resolveName).
 */
export function splitNames(text: string, max = 3): string[] {
  const t = text.trim();
  if (!t) return [];
  const seps = [new RegExp(String.raw`\s+${VERSUS}\s+`, 'i'), /\s*[,|;]\s*/, /\s+(?:and|&|with|or|to)\s+/i];
  for (const [i, sep] of seps.entries()) {
    const parts = t.split(sep).map((s) => s.trim()).filter(Boolean);
    if (parts.length >= 2) {
      // "claude, chatgpt and gemini": in a comma list the last part may hold "and"; with "vs" a name may hold either
      const later = i === 1 ? seps.slice(2) : [];
      const split = parts.flatMap((part) => {
        for (const s of later) {
          const sub = part.split(s).map((x) => x.trim()).filter(Boolean);
          if (sub.length >= 2) return sub;
        }
        return [part];
      });
      return (split.length <= max ? split : parts).slice(0, max);
    }
  }
  return [t];
}

/** Flags like "--cheaper", "--free", "--type model", "--limit 5", "--max-price 0.5", "type:model" pulled out of free text. */
export function extractFlags(text: string): { rest: string; flags: Record<string, string | boolean> } {
  const flags: Record<string, string | boolean> = {};
  let rest = ` ${text} `;
  rest = rest.replace(/\s--?(cheaper|free)\b/gi, (_m, k: string) => {
    flags[k.toLowerCase()] = true;
    return ' ';
  });
  rest = rest.replace(/\s(?:--)?(type|limit|category)[:=\s]\s*([\w.-]+)/gi, (_m, k: string, v: string) => {
    flags[k.toLowerCase()] = v;
    return ' ';
  });
  return { rest: rest.trim().replace(/\s+/g, ' '), flags };
}

/**
 * Flags of a search, where the rest is natural language ("no rate limit", "what type of tool"):
 * only "--free", "--type model", "type:model", "--limit 5", "--max-price 0.5" or "max-price=$0.5".
 */
export function extractSearchFlags(text: string): { rest: string; flags: Record<string, string | boolean> } {
  const flags: Record<string, string | boolean> = {};
  let rest = ` ${text} `;
  // Slack clients may turn "--" into a dash
  rest = rest.replace(/\s(?:--|[\u2013\u2014])free\b/gi, () => {
    flags.free = true;
    return ' ';
  });
  const valued = (name: string, value: string) =>
    new RegExp(String.raw`\s(?:(?:--|[\u2013\u2014])${name}(?:\s+|=)|${name}[:=]\s*)${value}(?=\s)`, 'gi');
  rest = rest.replace(valued('type', '(models?|products?)'), (_m, v: string) => {
    flags.type = v.toLowerCase().replace(/s$/, '');
    return ' ';
  });
  rest = rest.replace(valued('limit', '(\\d+)'), (_m, v: string) => {
    flags.limit = v;
    return ' ';
  });
  rest = rest.replace(valued('max[-_]?price', '\\$?\\s*(\\d+(?:\\.\\d+)?|\\.\\d+)'), (_m, v: string) => {
    flags['max-price'] = v;
    return ' ';
  });
  return { rest: rest.trim().replace(/\s+/g, ' '), flags };
}

export interface ParsedLine {
  command: string;
  options: Record<string, unknown>;
}

/** Turns one typed line (with or without the leading slash) into a command and raw options. */
export function parseCommandLine(line: string): ParsedLine | null {
  const m = /^\s*\/?([a-z-]+)\b\s*(.*)$/is.exec(line);
  if (!m) return null;
  const command = m[1]!.toLowerCase();
  const { rest, flags } = extractFlags(m[2] ?? '');
  switch (command) {
    case 'compare': {
      const names = splitNames(rest);
      return { command, options: { first: names[0] ?? '', second: names[1] ?? '', third: names[2] } };
    }
    case 'alternatives':
    case 'alt': {
      // "cursor cheaper", "cheaper cursor": the word asks for cheaper ones, as the flag does
      const bare = /^cheaper\s+|\s+cheaper$/i;
      const cheaper = flags.cheaper === true || bare.test(rest);
      const product = rest.replace(bare, '').replace(/^(?:to|for)\s+/i, '');
      return {
        command: 'alternatives',
        options: { product, cheaper: cheaper || undefined, type: flags.type, limit: flags.limit },
      };
    }
    case 'product':
      return { command, options: { name: rest } };
    case 'top': {
      // "/top coding 5", "/top 10", "/top models", "/top coding tools": a bare number is the limit, "models" alone or
      // "tools" the type; "image models" stays a category (models have categories of their own)
      const words = rest.split(' ').filter(Boolean);
      const limit = words.find((w) => /^\d{1,3}$/.test(w));
      const others = words.filter((w) => w !== limit);
      const productWord = others.find((w) => typeWord(w) === 'product');
      const modelWord = others.length === 1 && typeWord(others[0]!) === 'model' ? others[0] : undefined;
      const category = others.filter((w) => w !== productWord && w !== modelWord).join(' ');
      const type = modelWord ? 'model' : productWord ? 'product' : undefined;
      return { command, options: { category: category || flags.category, type: flags.type ?? type, limit: flags.limit ?? limit } };
    }
    case 'resolve':
      return { command, options: { query: rest } };
    case 'search': {
      const f = extractSearchFlags(m[2] ?? '');
      return {
        command,
        options: { query: f.rest, type: f.flags.type, free: f.flags.free === true || undefined, 'max-price': f.flags['max-price'], limit: f.flags.limit },
      };
    }
    default:
      return { command, options: { text: rest } };
  }
}

/**
 * Named options in free text, for commands with many of them (Slack's /subscribe):
 * "min-change:2", "mode=daily", "--cooldown 6h", "--confirm", "confirm:no". `valued` maps every
 * accepted spelling (lower case) to the option's name; `flags` does the same for booleans, which
 * are only read with a leading "--" or a value, so a bare word stays part of the rest. The rest
 * keeps its order, without double quotes.
 */
export function extractNamedOptions(
  text: string,
  valued: Record<string, string>,
  flags: Record<string, string> = {},
): { rest: string; options: Record<string, string | boolean> } {
  const options: Record<string, string | boolean> = {};
  const rest: string[] = [];
  const tokens = text.trim().split(/\s+/).filter(Boolean);
  // Slack clients may turn "--" into a dash
  const dash = /^(?:--|[\u2013\u2014])/;
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    const dashed = dash.test(token);
    const bare = token.replace(dash, '');
    const kv = /^([a-z][a-z_-]*)[:=](.+)$/i.exec(bare);
    if (kv) {
      const key = kv[1]!.toLowerCase();
      if (valued[key]) {
        options[valued[key]] = kv[2]!;
        continue;
      }
      if (flags[key] && /^(?:true|false|yes|no|on|off)$/i.test(kv[2]!)) {
        options[flags[key]] = /^(?:true|yes|on)$/i.test(kv[2]!);
        continue;
      }
    }
    const key = bare.toLowerCase();
    if (dashed && valued[key] && i + 1 < tokens.length) {
      options[valued[key]] = tokens[++i]!;
      continue;
    }
    if (dashed && flags[key]) {
      options[flags[key]] = true;
      continue;
    }
    rest.push(token);
  }
  return { rest: rest.join(' ').replace(/["\u201c\u201d]/g, '').trim(), options };
}
