import { z } from 'zod';
import type { RowError } from './errors.js';
import { fileError, parseRows, type ParseResult } from './validate.js';

export const repoMetadataSchema = z.looseObject({
  fullName: z.string().regex(/^[^/\s]+\/[^/\s]+$/, 'expected "owner/repo"'),
  description: z.string().nullable().optional(),
  url: z.string().optional(),
  homepageUrl: z.string().nullable().optional(),
  language: z.string().nullable().optional(),
  topics: z.array(z.string()).default([]),
  stars: z.number().int().nonnegative(),
  forks: z.number().int().nonnegative().optional(),
  archived: z.boolean().optional(),
});

export type RepoMetadata = z.output<typeof repoMetadataSchema>;

const fileSchema = z.looseObject({ fetchedAt: z.string().optional(), items: z.array(z.unknown()) });

export interface RepoMetadataParsed extends ParseResult<RepoMetadata> {
  fetchedAt: string | null;
}

/** StarScreener `repo-metadata.json`: `{ fetchedAt, items: [...] }`. */
export function parseRepoMetadata(raw: unknown): RepoMetadataParsed {
  const file = fileSchema.safeParse(raw);
  if (!file.success) return { rows: [], errors: fileError('expected { items: [...] }', file.error), fetchedAt: null };
  return { ...parseRows(file.data.items, repoMetadataSchema), fetchedAt: file.data.fetchedAt ?? null };
}

export interface OssCollection {
  id: number;
  name: string;
  /** "owner/repo" as written */
  items: string[];
}

function unquote(s: string): string {
  const t = s.trim();
  if (t.length >= 2 && ((t[0] === '"' && t.endsWith('"')) || (t[0] === "'" && t.endsWith("'")))) {
    return t[0] === "'" ? t.slice(1, -1).replace(/''/g, "'") : (JSON.parse(t) as string);
  }
  return t;
}

/**
 * One OSS Insight collection file. The files use a fixed subset of YAML
 * (`id: <int>`, `name: <text>`, `items:` followed by `  - owner/repo` lines), which is all this reads.
 * Rows are the items, numbered by their line number.
 */
export function parseOssCollection(raw: unknown): ParseResult<OssCollection> & { collection: OssCollection | null } {
  if (typeof raw !== 'string') return { rows: [], errors: fileError('expected YAML text'), collection: null };
  const errors: RowError[] = [];
  let id: number | null = null;
  let name: string | null = null;
  let inItems = false;
  const items: string[] = [];
  const lines = raw.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    const lineNo = i + 1;
    if (line.trim() === '' || line.trimStart().startsWith('#')) continue;
    let m: RegExpExecArray | null;
    if ((m = /^id:\s*(.+)$/.exec(line))) {
      const v = unquote(m[1]);
      if (!/^\d+$/.test(v)) errors.push({ row: lineNo, path: 'id', message: 'expected an integer' });
      else id = Number(v);
      inItems = false;
    } else if ((m = /^name:\s*(.+)$/.exec(line))) {
      name = unquote(m[1]);
      inItems = false;
    } else if (/^items:\s*$/.test(line)) {
      inItems = true;
    } else if (inItems && (m = /^\s+-\s+(.+)$/.exec(line))) {
      const v = unquote(m[1]);
      if (!/^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/.test(v)) errors.push({ row: lineNo, path: 'items', message: `expected "owner/repo", got "${v}"` });
      else items.push(v);
    } else {
      errors.push({ row: lineNo, path: '', message: `unexpected line "${line.trim().slice(0, 60)}"` });
    }
  }
  if (id === null) errors.push(...fileError('missing "id"'));
  if (name === null) errors.push(...fileError('missing "name"'));
  if (errors.length || id === null || name === null) return { rows: [], errors, collection: null };
  const collection: OssCollection = { id, name, items };
  return { rows: [collection], errors, collection };
}

