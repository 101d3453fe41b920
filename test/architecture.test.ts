import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const FORBIDDEN = /(?:from\s+|import\s*\(\s*|require\s*\(\s*)['"](discord\.js|@discordjs\/[^'"]*|@slack\/[^'"]*|drizzle-orm[^'"]*|drizzle-kit|better-sqlite3)['"]/g;

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? files(p) : p.endsWith('.ts') ? [p] : [];
  });
}

describe('architecture', () => {
  it('src/core and commands/ import no platform or database library', () => {
    const offenders: string[] = [];
    const checked = [...files('src/core'), ...files('commands')];
    for (const f of checked) {
      const text = readFileSync(f, 'utf8');
      for (const m of text.matchAll(FORBIDDEN)) offenders.push(`${f}: ${m[1]}`);
    }
    expect(checked.length).toBeGreaterThan(10);
    expect(offenders).toEqual([]);
  });

  it('the pattern catches the imports it is meant to catch', () => {
    const samples = [
      `import { Client } from 'discord.js';`,
      `import { App } from "@slack/bolt";`,
      `import { eq } from 'drizzle-orm';`,
      `const D = await import('better-sqlite3');`,
    ];
    for (const s of samples) expect([...s.matchAll(FORBIDDEN)].length, s).toBe(1);
  });

  it('nothing at run time reads outside the project', () => {
    const outside = ['..', 'shared'].join('/');
    const offenders = [...files('src'), ...files('commands')].filter((f) => readFileSync(f, 'utf8').includes(outside));
    expect(offenders).toEqual([]);
  });
});
