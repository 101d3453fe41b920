import { z } from 'zod';
import { parseCsv } from './csv.js';
import type { RowError } from './errors.js';
import { fileError, issuesToErrors, type ParseResult } from './validate.js';

export const GITHUB_RANKING_COLUMNS = [
  'rank', 'item', 'repo_name', 'stars', 'forks', 'language', 'repo_url', 'username', 'issues', 'last_commit', 'description',
] as const;

const intString = z
  .string()
  .regex(/^\d+$/, 'expected a non-negative integer')
  .transform((s) => Number(s));

export const githubRankingRowSchema = z.object({
  rank: intString,
  item: z.string().min(1),
  repo_name: z.string().min(1),
  stars: intString,
  forks: intString,
  language: z.string(),
  repo_url: z.string().regex(/^https:\/\/github\.com\/[^/]+\/[^/]+$/, 'expected https://github.com/<owner>/<repo>'),
  username: z.string().min(1),
  issues: z.string(),
  last_commit: z.string(),
  description: z.string(),
});

export type GithubRankingRow = z.output<typeof githubRankingRowSchema>;

/** EvanLi/Github-Ranking daily CSV. Rows are numbered from 1 = the first data line after the header. */
export function parseGithubRanking(raw: unknown): ParseResult<GithubRankingRow> {
  if (typeof raw !== 'string') return { rows: [], errors: fileError('expected CSV text') };
  const table = parseCsv(raw).filter((r) => !(r.length === 1 && r[0] === ''));
  const header = table[0];
  if (!header || GITHUB_RANKING_COLUMNS.some((c) => !header.includes(c))) {
    return { rows: [], errors: fileError(`expected a header with columns ${GITHUB_RANKING_COLUMNS.join(',')}`) };
  }
  const rows: GithubRankingRow[] = [];
  const errors: RowError[] = [];
  for (let i = 1; i < table.length; i++) {
    const cells = table[i];
    if (cells.length !== header.length) {
      errors.push({ row: i, path: '', message: `expected ${header.length} columns, got ${cells.length}` });
      continue;
    }
    const obj: Record<string, string> = {};
    header.forEach((h, j) => (obj[h] = cells[j]));
    const r = githubRankingRowSchema.safeParse(obj);
    if (r.success) rows.push(r.data);
    else errors.push(...issuesToErrors(i, r.error));
  }
  return { rows, errors };
}
