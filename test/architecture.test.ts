import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve, sep } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { formatEscape, importsOf, packageName, tsFiles, walkImports, type Rule } from './import-graph.js';

/**
 * The rule of DESIGN.md §6: nothing reachable from src/core or commands/ loads a platform, database, HTTP or
 * logging library, or a file of the adapters, the database layer or the HTTP server.
 */
const FORBIDDEN_PACKAGES = new Set([
  'discord.js',
  'drizzle-kit',
  'better-sqlite3',
  'pg',
  'ws',
  'pino',
  'prom-client',
  'undici',
  'http',
  'https',
  'http2',
  'node:http',
  'node:https',
  'node:http2',
]);
const FORBIDDEN_PREFIXES = ['@discordjs/', '@slack/', 'drizzle-orm', 'pino-', '@resvg/', 'playwright'];

const RULE: Rule = {
  isForbiddenPackage: (name) => FORBIDDEN_PACKAGES.has(name) || FORBIDDEN_PREFIXES.some((p) => name.startsWith(p)),
  forbiddenDirs: ['src/db', 'src/platforms', 'src/http', 'src/web'],
};

function startsIn(root: string): string[] {
  const dirs = ['src/core', 'commands'].map((d) => join(root, d));
  return dirs.flatMap((d) => {
    try {
      return tsFiles(d);
    } catch {
      return [];
    }
  });
}

function escapesIn(root: string): string[] {
  return walkImports(root, startsIn(root), RULE).escapes.map(formatEscape);
}

const FIXTURES = 'test/fixtures/architecture';

describe('architecture: the import graph of src/core and commands/', () => {
  it('reaches no platform, database, HTTP or logging library, nor src/db, src/platforms, src/http or src/web', () => {
    const starts = startsIn('.');
    const graph = walkImports('.', starts, RULE);
    // the walk covered every file of both trees and followed their imports
    expect(starts.length).toBeGreaterThan(40);
    for (const s of starts) expect(graph.files).toContain(s);
    expect(graph.files).toContain('src/core/views.ts');
    expect(graph.escapes.map(formatEscape)).toEqual([]);
  });

  it('names the path of a core file that imports ../db/client.js', () => {
    expect(escapesIn(join(FIXTURES, 'core-imports-db'))).toEqual([
      'src/core/catalog.ts -> src/db/client.ts  (forbidden directory)',
    ]);
  });

  it('names a core file that imports the web adapter', () => {
    expect(escapesIn(join(FIXTURES, 'core-imports-web'))).toEqual(['src/core/links.ts -> src/web/html.ts  (forbidden directory)']);
  });

  it("names the command with a bare import 'discord.js'", () => {
    expect(escapesIn(join(FIXTURES, 'command-imports-discord'))).toEqual([
      'commands/ping.ts -> discord.js  (forbidden package)',
    ]);
  });

  it('names a core file that re-exports a platform renderer', () => {
    expect(escapesIn(join(FIXTURES, 'core-reexports-renderer'))).toEqual([
      'src/core/views.ts -> src/platforms/discord/render.ts  (forbidden directory)',
    ]);
  });

  it('follows a re-export through a file outside src/core to the renderer behind it', () => {
    expect(escapesIn(join(FIXTURES, 'core-reexports-renderer-transitive'))).toEqual([
      'src/core/views.ts -> src/chat/cards.ts -> src/platforms/slack/render.ts  (forbidden directory)',
    ]);
  });

  it('passes a clean tree, where src/db is reached only by an erased `import type`', () => {
    const root = join(FIXTURES, 'clean');
    const graph = walkImports(root, startsIn(root), RULE);
    expect(graph.files.sort()).toEqual(['commands/show.ts', 'src/core/catalog.ts', 'src/core/format.ts']);
    expect(graph.escapes).toEqual([]);
  });

  describe('every way of loading a module counts', () => {
    const root = mkdtempSync(join(tmpdir(), 'matchgraph-arch-'));
    afterAll(() => rmSync(root, { recursive: true, force: true }));
    const write = (path: string, text: string) => {
      mkdirSync(dirname(join(root, path)), { recursive: true });
      writeFileSync(join(root, path), text);
    };
    write('src/db/schema.ts', 'export const t = 1;\n');
    write('src/log.ts', "import pino from 'pino';\nexport const log = pino();\n");
    write('src/util/index.ts', "export * from './deep.js';\n");
    write('src/util/deep.ts', "import { createServer } from 'node:http';\nexport const s = createServer;\n");
    write('src/common/plain.ts', 'export const plain = 1;\n');
    write('src/common/data.json', '{}\n');
    const cases: Record<string, [string, string[]]> = {
      'side effect': ["import 'ws';\n", ['src/core/x.ts -> ws  (forbidden package)']],
      'default import': ["import P from 'prom-client';\n", ['src/core/x.ts -> prom-client  (forbidden package)']],
      'namespace import': ["import * as u from 'undici';\n", ['src/core/x.ts -> undici  (forbidden package)']],
      'subpath of a package': [
        "import { sqliteTable } from 'drizzle-orm/sqlite-core';\n",
        ['src/core/x.ts -> drizzle-orm/sqlite-core  (forbidden package)'],
      ],
      'scoped package': ["import { App } from '@slack/bolt';\n", ['src/core/x.ts -> @slack/bolt  (forbidden package)']],
      'export star': ["export * from '../db/schema.js';\n", ['src/core/x.ts -> src/db/schema.ts  (forbidden directory)']],
      'export star as': [
        "export * as s from '../db/schema.js';\n",
        ['src/core/x.ts -> src/db/schema.ts  (forbidden directory)'],
      ],
      'named re-export': [
        "export { t } from '../db/schema.js';\n",
        ['src/core/x.ts -> src/db/schema.ts  (forbidden directory)'],
      ],
      'dynamic import': [
        "export const load = () => import('better-sqlite3');\n",
        ['src/core/x.ts -> better-sqlite3  (forbidden package)'],
      ],
      'dynamic import of a template literal': [
        'export const load = () => import(`pg`);\n',
        ['src/core/x.ts -> pg  (forbidden package)'],
      ],
      'dynamic import of a computed name': [
        "const name = 'pg';\nexport const load = () => import(name);\n",
        ['src/core/x.ts -> import(name)  (non-literal dynamic import)'],
      ],
      require: ["export const h = require('https');\n", ['src/core/x.ts -> https  (forbidden package)']],
      'import = require': ["import h = require('node:https');\n", ['src/core/x.ts -> node:https  (forbidden package)']],
      'inline type marker (not erased)': [
        "import { type t } from '../db/schema.js';\n",
        ['src/core/x.ts -> src/db/schema.ts  (forbidden directory)'],
      ],
      'a logger two files away': [
        "import { log } from '../log.js';\n",
        ['src/core/x.ts -> src/log.ts -> pino  (forbidden package)'],
      ],
      'a directory import through index.ts and a re-export': [
        "import { s } from '../util';\n",
        ['src/core/x.ts -> src/util/index.ts -> src/util/deep.ts -> node:http  (forbidden package)'],
      ],
      'an extensionless relative import': [
        "import { s } from '../util/deep';\n",
        ['src/core/x.ts -> src/util/deep.ts -> node:http  (forbidden package)'],
      ],
      'an import that resolves to nothing': [
        "import { gone } from './gone.js';\n",
        ['src/core/x.ts -> ./gone.js  (unresolved import)'],
      ],
      'import type (erased)': ["import type { t } from '../db/schema.js';\n", []],
      'export type (erased)': ["export type { t } from '../db/schema.js';\n", []],
      'typeof import (erased)': ["export type T = typeof import('discord.js');\n", []],
      'allowed packages and files': [
        "import { z } from 'zod';\nimport { Worker } from 'node:worker_threads';\nimport { plain } from '../common/plain.js';\nimport data from '../common/data.json';\n",
        [],
      ],
    };
    for (const [name, [text, expected]] of Object.entries(cases)) {
      it(name, () => {
        write('src/core/x.ts', text);
        expect(walkImports(root, [join(root, 'src/core/x.ts')], RULE).escapes.map(formatEscape)).toEqual(expected);
      });
    }
  });

  it('forbids exactly the listed families of packages', () => {
    const forbidden = [
      'discord.js',
      '@discordjs/rest',
      '@slack/bolt',
      '@slack/web-api',
      'drizzle-orm',
      'drizzle-orm/better-sqlite3',
      'drizzle-kit',
      'better-sqlite3',
      'pg',
      'ws',
      'pino',
      'pino-pretty',
      'prom-client',
      'node:http',
      'node:https',
      'http',
      'https',
      'undici',
    ];
    const allowed = ['zod', 'fuse.js', 'node:worker_threads', 'node:url', 'node:module', 'node:crypto', 'wsx', 'pgp'];
    for (const s of forbidden) expect(RULE.isForbiddenPackage(packageName(s)), s).toBe(true);
    for (const s of allowed) expect(RULE.isForbiddenPackage(packageName(s)), s).toBe(false);
  });

  it('reads the specifiers from syntax, not from text: comments and strings are not imports', () => {
    const text = [
      "// import 'discord.js';",
      "const s = \"import x from 'pino'\";",
      '/* export * from "../db/client.js" */',
      "import { a } from './a.js';",
    ].join('\n');
    expect(importsOf('x.ts', text)).toEqual([{ text: './a.js' }]);
  });
});

describe('architecture: adapters reach stored data only through commands and the core', () => {
  const PLATFORM_RULE: Rule = { isForbiddenPackage: () => false, forbiddenDirs: ['src/db'] };
  const platformEscapes = (root: string) => {
    let starts: string[];
    try {
      starts = tsFiles(join(root, 'src/platforms'));
    } catch {
      starts = [];
    }
    return walkImports(root, starts, PLATFORM_RULE).escapes.map(formatEscape);
  };

  it('no file under src/platforms imports src/db, directly or through another file', () => {
    expect(tsFiles('src/platforms').length).toBeGreaterThan(20);
    expect(platformEscapes('.')).toEqual([]);
  });

  it('names the adapter file that imports the database layer', () => {
    expect(platformEscapes(join(FIXTURES, 'platform-imports-db'))).toEqual([
      'src/platforms/acme/handler.ts -> src/db/repos.ts  (forbidden directory)',
    ]);
  });
});

/** Platform names in code (comments removed); a domain such as discord.gg is not a name. */
function platformNames(root: string): string[] {
  const out: string[] = [];
  for (const f of tsFiles(join(root, 'src/core'))) {
    const code = readFileSync(f, 'utf8')
      .replace(/\/\*[\s\S]*?\*\//g, '')
      .replace(/(^|[^:'"`])\/\/.*$/gm, '$1');
    code.split('\n').forEach((line, i) => {
      const m = /\b(discord|slack)\b(?!\.[a-z])/i.exec(line);
      if (m) out.push(`${f.slice(root === '.' ? 0 : root.length + 1)}:${i + 1} ${m[1]}`);
    });
  }
  return out;
}

describe('architecture: src/core holds no platform names', () => {
  it('no code under src/core names Discord or Slack (adapters register themselves in src/chat/platforms.ts)', () => {
    expect(platformNames('.')).toEqual([]);
  });

  it('finds an object key and a string naming platforms in a core file, not its comment or a link', () => {
    expect(platformNames(join(FIXTURES, 'core-names-platform'))).toEqual(['src/core/rates.ts:3 discord', 'src/core/rates.ts:4 Slack']);
  });
});

describe('architecture: file access', () => {
  it('nothing at run time reads outside the project', () => {
    // every relative path a source file names ("../x/y") must resolve inside the project
    const root = resolve('.');
    const offenders: string[] = [];
    for (const f of [...tsFiles('src'), ...tsFiles('commands')]) {
      for (const m of readFileSync(f, 'utf8').matchAll(/['"`]((?:\.\.\/)+[^'"`\s]*)['"`]/g)) {
        const target = resolve(dirname(f), m[1]!);
        if (target !== root && !target.startsWith(root + sep)) offenders.push(`${f}: ${m[1]}`);
      }
    }
    expect(offenders).toEqual([]);
  });
});
