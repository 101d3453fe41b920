/**
 * Free-text argument parsing shared by the console and Slack slash commands:
 * "/compare llama 1b vs gemini", "claude, gpt-4o", "claude and gemini".
 */

/** Splits "a vs b", "a versus b", "a, b", "a and b", "a | b" into names (at most `max`). */
export function splitNames(text: string, max = 3): string[] {
  const t = text.trim();
  if (!t) return [];
  const seps = [/\s+(?:vs\.?|versus|v\.?)\s+/i, /\s*[,|;]\s*/, /\s+(?:and|&|with|or|to)\s+/i];
  for (const sep of seps) {
    const parts = t.split(sep).map((s) => s.trim()).filter(Boolean);
    if (parts.length >= 2) return parts.slice(0, max);
  }
  return [t];
}

/** Flags like "--cheaper", "--type model", "--limit 5", "cheaper", "type:model" pulled out of free text. */
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
      const product = rest.replace(/^(?:to|for)\s+/i, '');
      return {
        command: 'alternatives',
        options: { product, cheaper: flags.cheaper === true || undefined, type: flags.type, limit: flags.limit },
      };
    }
    case 'product':
      return { command, options: { name: rest } };
    case 'top':
      return { command, options: { category: rest || flags.category, type: flags.type, limit: flags.limit } };
    case 'resolve':
      return { command, options: { query: rest } };
    default:
      return { command, options: { text: rest } };
  }
}
