/**
 * The full-text index of the catalog: an FTS5 virtual table, `product_search`, created by the
 * hand-written migration data/migrations/0002_search.sql (drizzle-kit does not model virtual
 * tables, so it is not in schema.ts). Rows are written by the catalog repository in the same
 * transaction as the products they index.
 */
import { sql, type SQL } from 'drizzle-orm';
import { capabilityLabel, tagsFor } from '../core/capabilities.js';
import type { Product } from '../core/domain.js';
import { SEARCH_FIELDS, type SearchField, type TextHit, type TextQuery } from '../core/ports.js';
import type { Db } from './client.js';

export const SEARCH_TABLE = 'product_search';

/** Rows per multi-row INSERT into the index (7 parameters each). */
const SEARCH_INSERT_CHUNK = 300;

/** Marks around matched words in highlight(); control characters never occur in indexed text. */
const OPEN = '\u0001';
const CLOSE = '\u0002';

type Tx = Pick<Db, 'run'>;

/** What the index holds for one product: capability labels from the taxonomy and the titles of its decomposed capabilities. */
export function searchRow(p: Product): Record<'id' | SearchField, string> {
  const caps: string[] = [];
  for (const t of tagsFor(p)) caps.push(capabilityLabel(t));
  for (const c of p.capabilities) if (!caps.includes(c.title)) caps.push(c.title);
  // eslint-disable-next-line no-control-regex
  const clean = (s: string) => s.replace(/[\u0000-\u001f\u007f]+/g, ' ');
  return {
    id: p.id,
    name: clean(p.name),
    aliases: clean(p.aliases.join(' · ')),
    vendor: clean(p.vendor ?? ''),
    category: clean(p.category),
    capabilities: clean(caps.join(' · ')),
    description: clean(p.description),
  };
}

/** Replaces the index contents with these products; call inside the transaction that writes them. */
export function writeSearchIndex(tx: Tx, products: Product[]): void {
  tx.run(sql.raw(`DELETE FROM ${SEARCH_TABLE}`));
  for (let i = 0; i < products.length; i += SEARCH_INSERT_CHUNK) {
    const rows = products.slice(i, i + SEARCH_INSERT_CHUNK).map(searchRow);
    const values = sql.join(
      rows.map((r) => sql`(${r.id}, ${r.name}, ${r.aliases}, ${r.vendor}, ${r.category}, ${r.capabilities}, ${r.description})`),
      sql`, `,
    );
    tx.run(sql`INSERT INTO ${sql.raw(SEARCH_TABLE)} (id, ${sql.raw(SEARCH_FIELDS.join(', '))}) VALUES ${values}`);
  }
}

/** An FTS5 string: the word in double quotes, inner quotes doubled, so it can never be read as syntax. */
function quoted(word: string): string {
  return `"${word.replace(/"/g, '""')}"`;
}

const NAME_COLUMNS = '{name aliases}';

/**
 * The MATCH expression for a query: any of the words, each as a quoted string anywhere (or a
 * quoted prefix anywhere), or as a quoted prefix in a name or alias. Null when there is nothing to match.
 */
export function ftsMatchExpression(terms: TextQuery['terms']): string | null {
  const parts = terms
    .map((t) => ({ ...t, word: t.word.replace(/[\u0000-\u001f\u007f]+/g, '').trim() }))
    .filter((t) => t.word !== '')
    .map((t) => (t.prefix ? `${quoted(t.word)}*` : t.namePrefix ? `(${quoted(t.word)} OR ${NAME_COLUMNS} : ${quoted(t.word)}*)` : quoted(t.word)));
  return parts.length ? parts.join(' OR ') : null;
}

function marked(text: string): string[] {
  const out: string[] = [];
  const re = /\u0001([^\u0002]*)\u0002/g;
  for (let m = re.exec(text); m; m = re.exec(text)) if (m[1]) out.push(m[1]);
  return out;
}

/** Best hits first, each with the words that matched in each field. */
export function searchIndex(db: Db, query: TextQuery): TextHit[] {
  const match = ftsMatchExpression(query.terms);
  if (match === null || query.limit <= 0) return [];
  const weights = sql.join(
    SEARCH_FIELDS.map((f) => sql`${Number.isFinite(query.weights[f]) ? query.weights[f] : 1}`),
    sql`, `,
  );
  const highlights: SQL[] = SEARCH_FIELDS.map(
    (f, i) => sql`highlight(${sql.raw(SEARCH_TABLE)}, ${i + 1}, ${OPEN}, ${CLOSE}) AS ${sql.raw(`h_${f}`)}`,
  );
  const rows = db.all<Record<string, string | number>>(sql`
    SELECT id, bm25(${sql.raw(SEARCH_TABLE)}, 0, ${weights}) AS relevance, ${sql.join(highlights, sql`, `)}
    FROM ${sql.raw(SEARCH_TABLE)}
    WHERE ${sql.raw(SEARCH_TABLE)} MATCH ${match}
    ORDER BY relevance, id
    LIMIT ${Math.floor(query.limit)}`);
  return rows.map((r) => {
    const fields: TextHit['fields'] = {};
    for (const f of SEARCH_FIELDS) {
      const words = marked(String(r[`h_${f}`] ?? ''));
      if (words.length) fields[f] = words;
    }
    return { id: String(r.id), score: -Number(r.relevance), fields };
  });
}

export function searchIndexSize(db: Db): number {
  return db.get<{ n: number }>(sql.raw(`SELECT count(*) AS n FROM ${SEARCH_TABLE}`))?.n ?? 0;
}
