/**
 * The pages, rendered from the commands' neutral views (never from the store): comparison,
 * product, leaderboard, search, did-you-mean, errors. Every piece of catalog or user text goes
 * through esc(); numbers and wording come from src/core/format.ts, as on every other surface.
 */
import { SIGNALS } from '../core/domain.js';
import {
  cardSignalLabel,
  factLabel,
  footerLabel,
  NONE,
  offerLabel,
  offersHeading,
  rankLabel,
  SIGNAL_LABELS,
  signalDetailLabel,
  thinNotes,
  typeLabel,
  understandingLabel,
} from '../core/format.js';
import { chartPath, comparePath, productPath } from '../core/links.js';
import { SEARCH_LIMITS } from '../core/search.js';
import type {
  AlternativesView,
  CompareView,
  ErrorView,
  ProductCardView,
  ProductView,
  ResolutionView,
  SearchView,
  TopView,
} from '../core/views.js';
import { EMPTY_TEXT, present, type Card } from '../chat/card.js';
import { breakdownParts, priceSummary, type CardItem } from '../chat/fields.js';
import { esc, page, safeHref } from './html.js';

const link = (href: string, text: string) => `<a href="${esc(href)}">${esc(text)}</a>`;
const table = (caption: string, head: string[], rows: string[]) =>
  `<div class="table-wrap"><table><caption>${esc(caption)}</caption><thead><tr>${head
    .map((h) => `<th scope="col">${h}</th>`)
    .join('')}</tr></thead><tbody>${rows.join('')}</tbody></table></div>`;
const row = (label: string, cells: string[]) => `<tr><th scope="row">${esc(label)}</th>${cells.map((c) => `<td>${c}</td>`).join('')}</tr>`;

/** The "Search the match graph" box; `query` refills it. */
export function searchForm(query = '', heading = 'Need something different?'): string {
  return `<section aria-labelledby="search-heading"><h2 id="search-heading">${esc(heading)}</h2>
<form class="search" role="search" action="/search" method="get">
<label for="q">Describe what it should do<input type="search" id="q" name="q" value="${esc(query)}" maxlength="${SEARCH_LIMITS.queryChars}" required placeholder="transcribe meetings"></label>
<button type="submit">Search the match graph →</button>
</form></section>`;
}

/** Two free names to compare (resolved like the chat commands). */
export function compareForm(a = '', b = ''): string {
  return `<form class="search" action="/compare" method="get">
<label for="cmp-a">First model or product<input type="text" id="cmp-a" name="a" value="${esc(a)}" maxlength="100" required></label>
<label for="cmp-b">Second model or product<input type="text" id="cmp-b" name="b" value="${esc(b)}" maxlength="100" required></label>
<button type="submit">Compare</button>
</form>`;
}

function chartBlock(svg: string, ids: readonly string[], heading: string): string {
  return `<section aria-labelledby="history-heading" class="chart"><h2 id="history-heading">${esc(heading)}</h2>
${svg}
<p><a href="${esc(chartPath(ids))}">The chart as PNG</a></p></section>`;
}

function historyTable(details: readonly ProductView[]): string {
  const rows = details.flatMap((d) =>
    d.history.map((h) => `<tr><th scope="row">${esc(d.card.name)}</th><td>${esc(h.at.slice(0, 16).replace('T', ' '))} UTC</td><td class="num">${esc(Math.round(h.score))}/100</td><td class="num">#${esc(h.overall)}</td></tr>`),
  );
  return `<details><summary>The runs as a table</summary>${table('Scoring runs', ['Product', 'Run', 'UnfragileRank', 'Position overall'], rows)}</details>`;
}

/** The capabilities of the n-th product on the page, each with its Unique and vs-alternatives lines. */
function capabilitiesList(card: ProductCardView, n: number): string {
  const level = 'h2';
  const id = `caps-${n}`;
  const items = card.capabilities
    .map(
      (c) => `<li class="cap"><h3>${esc(c.title)}</h3><p>${esc(c.description)}</p>${c.unique ? `<p><strong>Unique:</strong> ${esc(c.unique)}</p>` : ''}${
        c.vsAlternatives ? `<p><strong>vs alternatives:</strong> ${esc(c.vsAlternatives)}</p>` : ''
      }</li>`,
    )
    .join('');
  return `<section aria-labelledby="${id}"><${level} id="${id}">${esc(card.name)} Capabilities</${level}>${
    items ? `<ul class="plain">${items}</ul>` : '<p>No capabilities recorded.</p>'
  }</section>`;
}

function evidenceTable(d: ProductView): string {
  const rows = d.signals.map(
    (s) =>
      `<tr><th scope="row">${esc(SIGNAL_LABELS[s.signal])}</th><td>${esc(signalDetailLabel(s.value, s.confidence))}</td><td>${
        s.evidence.length ? `<ul class="plain">${s.evidence.map((e) => `<li>${esc(e)}</li>`).join('')}</ul>` : 'No evidence recorded.'
      }</td></tr>`,
  );
  return table(`Evidence behind each signal: ${d.card.name}`, ['Signal', 'Value', 'Evidence'], rows);
}

function nameCell(card: { id: string; name: string }): string {
  return link(productPath(card.id), card.name);
}

/* ---------------------------------------------------------------- comparison */

export interface ComparePage {
  view: CompareView;
  /** the product view of each compared product, same order (signals' evidence and history) */
  details: ProductView[];
  chartSvg: string;
  /** the view's Card (present(view) when not given) */
  card?: Card;
}

export function comparePage({ view, details, chartSvg, card = present(view) }: ComparePage): string {
  const cards = view.products;
  const ids = cards.map((c) => c.id);
  const head = ['Feature', ...cards.map((c) => esc(c.name))];
  const each = (f: (c: ProductCardView) => string) => cards.map((c) => f(c));
  const columns = card.columns ?? [];
  const rows = [
    ...(columns[0]?.fields ?? []).map((f, i) => row(f.label, columns.map((col) => esc(col.fields[i]!.value)))),
    row('Vendor', each((c) => esc(c.vendor ?? NONE))),
    row('Category', each((c) => esc(c.category))),
    row('Full page', each((c) => nameCell(c))),
  ];
  const matrix = view.capabilityMatrix.map(
    (r) => `<tr><th scope="row">${esc(r.label)}</th>${cards.map((c) => `<td>${r.has[c.id] ? '✓ yes' : '— no'}</td>`).join('')}</tr>`,
  );
  const leaders = view.tooClose
    ? `<ul class="plain">${SIGNALS.map((s) => {
        const id = view.leaders[s];
        const who = id ? (cards.find((c) => c.id === id)?.name ?? id) : 'tied or too close';
        return `<li>${esc(SIGNAL_LABELS[s])}: ${esc(who)}</li>`;
      }).join('')}</ul>`
    : '';
  const body = `<h1>${esc(view.title)}</h1>
<p class="summary">${esc(view.summary)}</p>
${table(`${view.title}, side by side`, head, rows)}
${thinNotes(cards).map((n) => `<p class="muted">${esc(n)}</p>`).join('')}
<section aria-labelledby="matrix-heading"><h2 id="matrix-heading">Capability matrix</h2>${
    matrix.length ? table('Which capabilities each one has', ['Capability', ...cards.map((c) => esc(c.name))], matrix) : '<p>No capabilities recorded.</p>'
  }</section>
${cards.map((c, i) => capabilitiesList(c, i)).join('\n')}
<section aria-labelledby="evidence-heading"><h2 id="evidence-heading">Evidence behind each signal</h2>${details.map(evidenceTable).join('')}</section>
${chartBlock(chartSvg, ids, 'Rank history')}
${historyTable(details)}
<section aria-labelledby="verdict-heading"><h2 id="verdict-heading">Verdict</h2><p class="verdict">${esc(view.verdict)}</p>${leaders}</section>
${searchForm()}`;
  return page({ title: view.title, canonical: comparePath(ids), body, footer: footerLabel(view.asOf, view.sources), description: view.summary, links: view.links });
}

/* ---------------------------------------------------------------- product */

export interface ProductPage {
  view: ProductView;
  alternatives: AlternativesView | null;
  chartSvg: string;
  /** the view's Card (present(view) when not given) */
  card?: Card;
  /** the alternatives' Card (present(alternatives) when not given) */
  alternativesCard?: Card | null;
}

export function productPage({ view, alternatives, chartSvg, card = present(view), alternativesCard = alternatives && present(alternatives) }: ProductPage): string {
  const c = view.card;
  const href = safeHref(c.url);
  const facts = [
    ...(card.sections ?? []).flatMap((sec) => sec.fields.map((f) => row(f.label, [esc(f.value)]))),
    row('Website', [href ? `<a href="${esc(href)}" rel="nofollow noopener">${esc(href)}</a>` : esc(NONE)]),
  ];
  const breakdown = breakdownParts(view).map(
    (b) => `<tr><th scope="row">${esc(b.label)}</th><td class="num">${esc(b.points.toFixed(1))}</td><td>${esc(b.note)}</td></tr>`,
  );
  const offers = c.offers.map((o) => `<li>${esc(offerLabel(o))}</li>`);
  const altItems = alternativesCard?.items ?? [];
  const alts = alternatives
    ? altItems.map(
        (a) =>
          `<tr><th scope="row">${nameCell(a)}</th>${itemCells(a)}<td>${esc(a.why)}</td><td>${link(comparePath([c.id, a.id]), `Compare with ${c.name}`)}</td></tr>`,
      )
    : [];
  const sourced = view.facts.map((f) => {
    const src = safeHref(f.source);
    return `<tr><th scope="row">${esc(factLabel(f.field))}</th><td>${esc(f.value)}</td><td>${src ? `<a href="${esc(src)}" rel="nofollow noopener">${esc(src)}</a>` : esc(f.source)}</td><td>${esc(f.date)}</td></tr>`;
  });
  const body = `<h1>${esc(c.name)}</h1>
<p class="summary">${esc(view.description || `${typeLabel(c.type)} in ${c.category}.`)}</p>
${table(`${c.name} at a glance`, ['Field', 'Value'], facts)}
<section aria-labelledby="breakdown-heading"><h2 id="breakdown-heading">Score breakdown</h2>
<p>UnfragileRank ${esc(rankLabel(c.rank))}: the parts below add up to it.</p>
${table('Score breakdown', ['Part', 'Points', 'Why'], breakdown)}</section>
<section aria-labelledby="evidence-heading"><h2 id="evidence-heading">Evidence behind each signal</h2>${evidenceTable(view)}</section>
<section aria-labelledby="offers-heading"><h2 id="offers-heading">Offers and prices</h2>
<p>${esc(priceSummary(c.pricing))}</p>
${offers.length ? `<h3>${esc(offersHeading(offers.length))}</h3><ul class="plain">${offers.join('')}</ul>` : '<p>No other offers of the same model.</p>'}</section>
<section aria-labelledby="alt-heading"><h2 id="alt-heading">Alternatives</h2>${
    alts.length
      ? `${alternatives?.product.job ? `<p>Other ${esc(alternatives.product.job)} choices.</p>` : ''}${table('Alternatives', ['Name', ...itemHeads(altItems), 'Why', 'Compare'], alts)}`
      : `<p>${esc(alternativesCard?.empty ?? EMPTY_TEXT.alternatives)}</p>`
  }</section>
${chartBlock(chartSvg, [c.id], 'History')}
${historyTable([view])}
${capabilitiesList(c, 0)}
${sourced.length ? `<section aria-labelledby="facts-heading"><h2 id="facts-heading">Sources</h2>${table('Sourced facts', ['Fact', 'Value', 'Source', 'Checked'], sourced)}</section>` : ''}
<section aria-labelledby="compare-heading"><h2 id="compare-heading">Compare ${esc(c.name)} with…</h2>${compareForm(c.id)}</section>
${searchForm()}`;
  return page({
    title: c.name,
    canonical: productPath(c.id),
    body,
    footer: footerLabel(view.asOf, view.sources),
    description: `${typeLabel(c.type)} in ${c.category}: UnfragileRank ${rankLabel(c.rank)}.`,
    links: view.links,
  });
}

/* ---------------------------------------------------------------- leaderboard */

export function topPage(view: TopView, categories: readonly string[]): string {
  const title = view.category ? `Top in ${view.category}` : 'Top overall';
  const rows = view.rows.map(
    (r) =>
      `<tr><td class="num">${esc(r.position)}</td><th scope="row">${nameCell(r)}</th><td>${esc(typeLabel(r.type))}</td><td>${esc(r.category)}</td><td class="num">${esc(
        rankLabel(r.rank),
      )}</td>${SIGNALS.map((s) => `<td class="num">${esc(cardSignalLabel(r, s))}</td>`).join('')}</tr>`,
  );
  const head = ['#', 'Name', 'Type', 'Category', 'UnfragileRank', ...SIGNALS.map((s) => esc(SIGNAL_LABELS[s]))];
  const cats = categories.map((c) => `<li>${c === view.category ? `<strong aria-current="page">${esc(c)}</strong>` : link(`/top/${encodeURIComponent(c)}`, c)}</li>`);
  const body = `<h1>${esc(title)}</h1>
<p>${esc(`${view.rows.length} of ${view.total} by UnfragileRank${view.type ? ` (${view.type}s only)` : ''}.`)}</p>
${table(title, head, rows)}
${view.notes.map((n) => `<p class="muted">${esc(n)}</p>`).join('\n')}
${thinNotes(view.rows).map((n) => `<p class="muted">${esc(n)}</p>`).join('')}
<nav aria-labelledby="cat-heading"><h2 id="cat-heading">Categories</h2><ul class="plain">${view.category ? `<li>${link('/top', 'Overall')}</li>` : ''}${cats.join('')}</ul></nav>
${searchForm()}`;
  return page({ title, canonical: view.category ? `/top/${encodeURIComponent(view.category)}` : '/top', body, footer: footerLabel(view.asOf, view.sources) });
}

/* ---------------------------------------------------------------- lists */

/** The column heads of a list card's item fields (their labels: Type, UnfragileRank, Price). */
function itemHeads(items: readonly CardItem[]): string[] {
  return items[0]?.fields.map((f) => esc(f.label)) ?? [];
}

function itemCells(item: CardItem): string {
  return item.fields.map((f) => `<td${f.key === 'rank' ? ' class="num"' : ''}>${esc(f.value)}</td>`).join('');
}

/* ---------------------------------------------------------------- search */

export function searchPage(view: SearchView | null, query: string, card: Card | null = view && present(view)): string {
  if (!view) {
    const body = `<h1>Search the match graph</h1><p>Find models and products by what they do.</p>${searchForm(query, 'Search')}`;
    return page({ title: 'Search', canonical: '/search', body });
  }
  const categories = new Map(view.results.map((r) => [r.id, r.category]));
  const items = card?.items ?? [];
  const rows = items.map(
    (r) => `<tr><th scope="row">${nameCell(r)}</th><td>${esc(categories.get(r.id) ?? NONE)}</td>${itemCells(r)}<td>${esc(r.why)}</td></tr>`,
  );
  const understood = understandingLabel(view.understood);
  const body = `<h1>Search: ${esc(view.query)}</h1>
${understood ? `<p class="muted">Read as: ${esc(understood)}</p>` : ''}
${view.notes.length ? `<div class="notes" role="status">${view.notes.map((n) => `<p>${esc(n)}</p>`).join('')}</div>` : ''}
${
  rows.length
    ? `<p>${esc(`${view.results.length} of ${view.total} results.`)}</p>${table('Results', ['Name', 'Category', ...itemHeads(items), 'Why it matched'], rows)}`
    : ''
}
${view.suggestions.length ? `<p>Nearest capabilities:</p><ul class="plain">${view.suggestions.map((s) => `<li>${link(`/search?q=${encodeURIComponent(s.label)}`, s.label)}</li>`).join('')}</ul>` : ''}
${searchForm(view.query, 'Search again')}`;
  return page({ title: `Search: ${view.query}`, body, footer: footerLabel(view.asOf, view.sources) });
}

/* ---------------------------------------------------------------- did you mean, errors */

/**
 * The did-you-mean list: each candidate links to the page that name would open (`hrefFor`),
 * e.g. the comparison with the other name kept.
 */
export function resolutionPage(view: ResolutionView, hrefFor: (candidateId: string) => string, retry: string): string {
  const items = view.candidates.map((c) => `<li>${link(hrefFor(c.id), c.name)}</li>`);
  const title = view.status === 'ambiguous' ? 'Did you mean…' : view.status === 'none' ? 'No match' : 'A name is missing';
  const body = `<h1>${esc(title)}</h1>
<p>${esc(view.message)}</p>
${items.length ? `<nav aria-label="Did you mean"><ul class="plain">${items.join('')}</ul></nav>` : ''}
<section aria-labelledby="retry-heading"><h2 id="retry-heading">Try again</h2>${retry}</section>
${searchForm()}`;
  return page({ title, body });
}

export function errorPage(title: string, message: string): string {
  return page({ title, body: `<h1>${esc(title)}</h1><p>${esc(message)}</p>${searchForm()}` });
}

export function errorViewPage(view: ErrorView): string {
  const title = view.code === 'bad_input' ? 'That did not work' : view.code === 'not_ready' ? 'Not ready yet' : 'Something went wrong';
  return errorPage(title, view.message);
}

export function notFoundPage(): string {
  return errorPage('Page not found', 'There is no page at this address. Search the catalog or open the leaderboard.');
}

export function compareFormPage(a = ''): string {
  const body = `<h1>Compare</h1><p>Give two names, as you would type them in chat.</p>${compareForm(a)}${searchForm()}`;
  return page({ title: 'Compare', canonical: '/compare', body });
}

export function homePage(): string {
  const body = `<h1>Matchgraph</h1>
<p class="summary">Which AI tool should we use? Compare models and products side by side, with an explainable score (UnfragileRank), the evidence behind it and the rank history.</p>
<section aria-labelledby="cmp-heading"><h2 id="cmp-heading">Compare</h2>${compareForm()}</section>
${searchForm('', 'Search the match graph')}
<p>${link('/top', 'The leaderboard')}</p>`;
  return page({ title: 'Compare AI models and products', canonical: '/', body });
}
