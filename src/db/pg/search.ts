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

export async function writeSearchIndexPg(tx: PgTx, products: Product[]): Promise<void> {
  await tx.execute(sql.raw(`DELETE FROM ${SEARCH_TABLE}`));
  for (let i = 0; i < products.length; i += SEARCH_INSERT_CHUNK) {
    const rows = products.slice(i, i + SEARCH_INSERT_CHUNK).map(searchRow);
    const values = sql.join(
      rows.map((r) => sql`(${r.id}, ${r.name}, ${r.aliases}, ${r.vendor}, ${r.category}, ${r.capabilities}, ${r.description})`),
      sql`, `,
    );
    await tx.execute(sql`INSERT INTO ${sql.raw(SEARCH_TABLE)} (id, ${sql.raw(SEARCH_FIELDS.join(', '))}) VALUES ${values}`);
  }
}

/** Letters and digits only: what is left can never be read as tsquery syntax. */
function plainWord(word: string): string {
  return word.replace(/[^\p{L}\p{N}]+/gu, '');
}

/** tsquery of one word: the stemmed word, or every lexeme starting with it (`prefix`). */
function wordQuery(word: string, prefix: boolean): SQL {
  return prefix ? sql`to_tsquery(${sql.raw(`'${CONFIG}'`)}, ${`${word}:*`})` : sql`plainto_tsquery(${sql.raw(`'${CONFIG}'`)}, ${word})`;
}

function anyOf(parts: SQL[]): SQL {
  return sql`(${sql.join(parts, sql` || `)})`;
}

function marked(text: string): string[] {
  const out: string[] = [];
  // eslint-disable-next-line no-control-regex
  const re = /\u0001([^\u0002]*)\u0002/g;
  for (let m = re.exec(text); m; m = re.exec(text)) if (m[1]) out.push(m[1]);
  return out;
}

export async function searchIndexPg(db: PgDb, query: TextQuery): Promise<TextHit[]> {
  const terms = query.terms.map((t) => ({ ...t, word: plainWord(t.word) })).filter((t) => t.word !== '');
  if (terms.length === 0 || query.limit <= 0) return [];
  const anywhere = anyOf(terms.map((t) => wordQuery(t.word, t.prefix === true)));
  const namePrefixes = terms.filter((t) => t.namePrefix && !t.prefix);
  const inNames = namePrefixes.length ? anyOf([anywhere, ...namePrefixes.map((t) => wordQuery(t.word, true))]) : anywhere;
  const qOf = (f: SearchField) => (NAME_FIELDS.has(f) ? sql`qn` : sql`qa`);
  const weight = (f: SearchField) => (Number.isFinite(query.weights[f]) ? query.weights[f] : 1);
  const relevance = sql.join(
    SEARCH_FIELDS.map((f) => sql`${weight(f)}::float8 * ts_rank(${sql.raw(`tsv_${f}`)}, ${qOf(f)})`),
    sql` + `,
  );
  const options = `StartSel="${OPEN}", StopSel="${CLOSE}", HighlightAll=true`;
  const highlights = SEARCH_FIELDS.map(
    (f) =>
      sql`case when ${sql.raw(`tsv_${f}`)} @@ ${qOf(f)} then ts_headline(${sql.raw(`'${CONFIG}'`)}, ${sql.raw(f)}, ${qOf(f)}, ${options}) else '' end AS ${sql.raw(`h_${f}`)}`,
  );
  const result = await db.execute<Record<string, string | number>>(sql`
    SELECT id, relevance, ${sql.join(highlights, sql`, `)}
    FROM (
      SELECT s.*, ${relevance} AS relevance
      FROM ${sql.raw(SEARCH_TABLE)} s, (SELECT ${anywhere} AS qa, ${inNames} AS qn) q
      WHERE s.doc @@ q.qa OR s.tsv_names @@ q.qn
      ORDER BY relevance DESC, id
      LIMIT ${Math.floor(query.limit)}
    ) s, (SELECT ${anywhere} AS qa, ${inNames} AS qn) q
    ORDER BY relevance DESC, id`);
  return result.rows.map((r) => {
    const fields: TextHit['fields'] = {};
    for (const f of SEARCH_FIELDS) {
      const words = marked(String(r[`h_${f}`] ?? ''));
      if (words.length) fields[f] = words;
    }
    return { id: String(r.id), score: Number(r.relevance), fields };
  });
}

export async function searchIndexSizePg(db: PgDb): Promise<number> {
  const r = await db.execute<{ n: number }>(sql.raw(`SELECT count(*)::int AS n FROM ${SEARCH_TABLE}`));
  return r.rows[0]?.n ?? 0;
}
