/**
 * The full-text index of the catalog on PostgreSQL: table `product_search` (hand-written migration
 * data/migrations-pg/0001_search.sql) with one generated tsvector per field, the `matchgraph`
 * text search configuration (unaccent + English Snowball stemming, stop words kept) and a GIN
 * index. The counterpart of FTS5 in src/db/search.ts: the same rows (searchRow), the same query
 * semantics (any word; a name-prefix word also matches the start of a word in a name or alias; a
 * prefix word the start of a word anywhere) and the same hits (relevance, matched words per field).
 * Relevance is the weighted sum of ts_rank per field, where SQLite uses bm25.
 */
import { sql, type SQL } from 'drizzle-orm';
import type { Product } from '../../core/domain.js';
import { SEARCH_FIELDS, type SearchField, type TextHit, type TextQuery } from '../../core/ports.js';
import { searchRow } from '../search.js';
import type { PgDb } from './client.js';
import type { PgTx } from './repos.js';

const SEARCH_TABLE = 'product_search';
const CONFIG = 'matchgraph';
/** Rows per multi-row INSERT into the index. */
const SEARCH_INSERT_CHUNK = 300;
/** Marks around matched words in ts_headline; control characters never occur in indexed text. */
const OPEN = '\u0001';
const CLOSE = '\u0002';
const NAME_FIELDS: ReadonlySet<SearchField> = new Set(['name', 'aliases']);

/**
 * The text as FTS5's unicode61 tokenizer splits it: letters and digits, everything else a
 * separator. PostgreSQL's parser would otherwise keep "whisper.cpp" or "gpt-4o" as one token.
 */
export function tokenText(s: string): string {
  return s.replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
}

function indexRow(p: Product): ReturnType<typeof searchRow> & { tokens: number } {
  const r = searchRow(p);
  const row = { id: r.id, name: tokenText(r.name), aliases: tokenText(r.aliases), vendor: tokenText(r.vendor), category: tokenText(r.category), capabilities: tokenText(r.capabilities), description: tokenText(r.description) };
  const tokens = SEARCH_FIELDS.reduce((n, f) => n + (row[f] === '' ? 0 : row[f].split(' ').length), 0);
  return { ...row, tokens };
}

export async function writeSearchIndexPg(tx: PgTx, products: Product[]): Promise<void> {
  await tx.execute(sql.raw(`DELETE FROM ${SEARCH_TABLE}`));
  for (let i = 0; i < products.length; i += SEARCH_INSERT_CHUNK) {
    const rows = products.slice(i, i + SEARCH_INSERT_CHUNK).map(indexRow);
    const values = sql.join(
      rows.map((r) => sql`(${r.id}, ${r.name}, ${r.aliases}, ${r.vendor}, ${r.category}, ${r.capabilities}, ${r.description}, ${r.tokens})`),
      sql`, `,
    );
    await tx.execute(sql`INSERT INTO ${sql.raw(SEARCH_TABLE)} (id, ${sql.raw(SEARCH_FIELDS.join(', '))}, tokens) VALUES ${values}`);
  }
}

/** Letters and digits only: what is left can never be read as query syntax. */
function plainWord(word: string): string {
  return word.replace(/[^\p{L}\p{N}]+/gu, '');
}

/** A tsquery of one stored lexeme (already normalised: the cast does not stem it again). */
function lexemeQuery(lexeme: string, prefix: boolean): string {
  return `'${lexeme.replace(/\\/g, '\\\\').replace(/'/g, "''")}'${prefix ? ':*' : ''}`;
}

function marked(text: string): string[] {
  const out: string[] = [];
  // eslint-disable-next-line no-control-regex
  const re = /\u0001([^\u0002]*)\u0002/g;
  for (let m = re.exec(text); m; m = re.exec(text)) if (m[1]) out.push(m[1]);
  return out;
}

/** One bound text[] parameter (drizzle would spread a plain array into a row). */
function textArray(xs: string[]): SQL {
  return sql`${sql.param(xs)}::text[]`;
}

/** BM25 parameters of FTS5's bm25(). */
const BM25 = { k1: 1.2, b: 0.75 } as const;

/**
 * One phrase of the query as FTS5 sees it: a word anywhere, a prefix anywhere, or (for a
 * name-prefix word) a prefix in the name or aliases only.
 */
interface Phrase {
  lexeme: string;
  prefix: boolean;
  namesOnly: boolean;
}

/**
 * Best hits first, each with the words that matched in each field. Relevance is FTS5's bm25
 * (same phrases, column weights, k1 and b, idf over the whole index, row length in tokens),
 * computed here from per-field lexeme counts, so both stores rank alike.
 */
export async function searchIndexPg(db: PgDb, query: TextQuery): Promise<TextHit[]> {
  const terms = query.terms.map((t) => ({ ...t, word: plainWord(t.word) })).filter((t) => t.word !== '');
  if (terms.length === 0 || query.limit <= 0) return [];
  // the words as the index stores them (unaccented, stemmed), in one round trip
  const lexed = await db.execute<{ i: number; lexeme: string | null }>(
    sql`select i::int, (tsvector_to_array(to_tsvector(${sql.raw(`'${CONFIG}'`)}, w)))[1] as lexeme from unnest(${textArray(terms.map((t) => t.word))}) with ordinality as x(w, i)`,
  );
  const phrases: Phrase[] = [];
  for (const r of lexed.rows) {
    const t = terms[r.i - 1]!;
    if (!r.lexeme) continue;
    if (t.prefix) phrases.push({ lexeme: r.lexeme, prefix: true, namesOnly: false });
    else {
      phrases.push({ lexeme: r.lexeme, prefix: false, namesOnly: false });
      if (t.namePrefix) phrases.push({ lexeme: r.lexeme, prefix: true, namesOnly: true });
    }
  }
  if (phrases.length === 0) return [];
  const anywhere = phrases.filter((p) => !p.namesOnly).map((p) => lexemeQuery(p.lexeme, p.prefix));
  const inNames = phrases.filter((p) => p.namesOnly).map((p) => lexemeQuery(p.lexeme, p.prefix));
  const qa = anywhere.length ? anywhere.join(' | ') : null;
  const qn = inNames.length ? inNames.join(' | ') : null;
  const where = sql.join(
    [qa !== null ? sql`s.doc @@ ${qa}::tsquery` : null, qn !== null ? sql`s.tsv_names @@ ${qn}::tsquery` : null].filter((x): x is SQL => x !== null),
    sql` OR `,
  );
  const fields = sql.join(
    SEARCH_FIELDS.map((f) => sql`(${f}, s.${sql.raw(`tsv_${f}`)})`),
    sql`, `,
  );
  // per matching row: its length, and each field's count of each matching lexeme
  const counts = await db.execute<{ id: string; tokens: number; field: SearchField; lexeme: string; n: number }>(sql`
    SELECT s.id, s.tokens, f.field, u.lexeme, coalesce(array_length(u.positions, 1), 1)::int AS n
    FROM ${sql.raw(SEARCH_TABLE)} s
    CROSS JOIN LATERAL (VALUES ${fields}) AS f(field, tsv)
    CROSS JOIN LATERAL unnest(f.tsv) AS u
    WHERE (${where}) AND u.lexeme = ANY(${textArray([...new Set(phrases.map((p) => p.lexeme))])})
      OR (${where}) AND EXISTS (SELECT 1 FROM unnest(${textArray(phrases.filter((p) => p.prefix).map((p) => p.lexeme))}) AS px(p) WHERE starts_with(u.lexeme, px.p))`);
  const [totals] = (await db.execute<{ rows: number; tokens: number }>(sql`SELECT count(*)::int AS rows, coalesce(sum(tokens), 0)::float8 AS tokens FROM ${sql.raw(SEARCH_TABLE)}`)).rows;
  const nRow = totals?.rows ?? 0;
  const avgdl = nRow > 0 ? totals!.tokens / nRow : 1;

  const weight = (f: SearchField) => (Number.isFinite(query.weights[f]) ? query.weights[f] : 1);
  const matches = (p: Phrase, field: SearchField, lexeme: string) =>
    (!p.namesOnly || NAME_FIELDS.has(field)) && (p.prefix ? lexeme.startsWith(p.lexeme) : lexeme === p.lexeme);
  // per row and phrase: the weighted count of its instances
  const rows = new Map<string, { tokens: number; freq: number[] }>();
  for (const c of counts.rows) {
    let r = rows.get(c.id);
    if (!r) rows.set(c.id, (r = { tokens: c.tokens, freq: phrases.map(() => 0) }));
    phrases.forEach((p, i) => {
      if (matches(p, c.field, c.lexeme)) r.freq[i]! += weight(c.field) * c.n;
    });
  }
  const idf = phrases.map((_, i) => {
    let hits = 0;
    for (const r of rows.values()) if (r.freq[i]! > 0) hits++;
    const v = Math.log((nRow - hits + 0.5) / (hits + 0.5));
    return v <= 0 ? 1e-6 : v;
  });
  const scored = [...rows.entries()]
    .map(([id, r]) => {
      let score = 0;
      r.freq.forEach((f, i) => {
        score += (idf[i]! * (f * (BM25.k1 + 1))) / (f + BM25.k1 * (1 - BM25.b + (BM25.b * r.tokens) / avgdl));
      });
      return { id, score };
    })
    .filter((x) => x.score > 0)
    .sort((a, b) => b.score - a.score || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    .slice(0, Math.floor(query.limit));
  if (scored.length === 0) return [];

  // the words that matched, per field, as they appear in the text
  const qAll = qa !== null ? sql`${qa}::tsquery` : sql`''::tsquery`;
  const qNames = qa !== null && qn !== null ? sql`(${qa}::tsquery || ${qn}::tsquery)` : qn !== null ? sql`${qn}::tsquery` : qAll;
  const options = `StartSel="${OPEN}", StopSel="${CLOSE}", HighlightAll=true`;
  const highlights = SEARCH_FIELDS.map((f) => {
    const q = NAME_FIELDS.has(f) ? qNames : qAll;
    return sql`CASE WHEN ${sql.raw(`tsv_${f}`)} @@ ${q} THEN ts_headline(${sql.raw(`'${CONFIG}'`)}, ${sql.raw(f)}, ${q}, ${options}) ELSE '' END AS ${sql.raw(`h_${f}`)}`;
  });
  const marks = await db.execute<Record<string, string>>(
    sql`SELECT id, ${sql.join(highlights, sql`, `)} FROM ${sql.raw(SEARCH_TABLE)} WHERE id = ANY(${textArray(scored.map((x) => x.id))})`,
  );
  const byId = new Map(marks.rows.map((r) => [r.id, r]));
  return scored.map(({ id, score }) => {
    const r = byId.get(id) ?? {};
    const out: TextHit['fields'] = {};
    for (const f of SEARCH_FIELDS) {
      const words = marked(String(r[`h_${f}`] ?? ''));
      if (words.length) out[f] = words;
    }
    return { id, score, fields: out };
  });
}

export async function searchIndexSizePg(db: PgDb): Promise<number> {
  const r = await db.execute<{ n: number }>(sql.raw(`SELECT count(*)::int AS n FROM ${SEARCH_TABLE}`));
  return r.rows[0]?.n ?? 0;
}
