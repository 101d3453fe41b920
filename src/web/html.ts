/**
 * HTML building blocks of the web pages: the one escaping function, the page frame (landmarks,
 * skip link, footer) and the style sheet, inlined and allowed by its hash in the
 * Content-Security-Policy, so a page is one request and runs no script at all.
 */
import { createHash } from 'node:crypto';
import { sanitizeText } from '../core/text.js';

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/**
 * The one escape for text put into HTML or SVG, as element content or as a quoted attribute:
 * sanitised first (bidi controls, zero-width characters, lone surrogates; src/core/text.ts),
 * then the five markup characters as entities. Control characters other than tab and newline go too.
 */
export function esc(text: string | number): string {
  return sanitizeText(String(text))
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, '')
    .replace(/[&<>"']/g, (c) => ENTITIES[c]!);
}

/** An outside address from the catalog as a link target, or null unless it is http(s). */
export function safeHref(url: string | null): string | null {
  if (!url) return null;
  try {
    const u = new URL(url);
    return u.protocol === 'https:' || u.protocol === 'http:' ? u.href : null;
  } catch {
    return null;
  }
}

export const CSS = `
:root{color-scheme:light;--fg:#1f2937;--muted:#4b5563;--line:#d1d5db;--accent:#1d4ed8;--bg:#ffffff;--soft:#f3f4f6}
*{box-sizing:border-box}
body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"DejaVu Sans",sans-serif;color:var(--fg);background:var(--bg)}
a{color:var(--accent)}
a:focus,button:focus,input:focus,select:focus{outline:3px solid #f59e0b;outline-offset:2px}
.skip{position:absolute;left:-999px}
.skip:focus{left:8px;top:8px;background:#fff;padding:4px 8px}
header,footer{background:var(--soft);padding:8px 16px}
header nav{display:flex;gap:16px;align-items:center;flex-wrap:wrap}
header nav .brand{font-weight:700;text-decoration:none;color:var(--fg)}
main{max-width:1040px;margin:0 auto;padding:8px 16px 32px}
footer{color:var(--muted);font-size:14px}
h1{font-size:1.7rem;margin:16px 0 8px}
h2{font-size:1.3rem;margin:28px 0 8px;border-bottom:1px solid var(--line);padding-bottom:4px}
h3{font-size:1.05rem;margin:16px 0 4px}
.summary{font-size:1.1rem}
.muted{color:var(--muted)}
.table-wrap{overflow-x:auto}
table{border-collapse:collapse;width:100%;margin:8px 0}
th,td{border:1px solid var(--line);padding:6px 8px;text-align:left;vertical-align:top}
thead th{background:var(--soft)}
tbody th{font-weight:600;background:#fafafa}
td.num{text-align:right;font-variant-numeric:tabular-nums}
.cap{margin:0 0 12px}
.cap p{margin:2px 0}
.verdict{background:var(--soft);border-left:4px solid var(--accent);padding:8px 12px}
.chart svg,.chart img{max-width:100%;height:auto;border:1px solid var(--line)}
form.search{display:flex;gap:8px;flex-wrap:wrap;align-items:flex-end;margin:8px 0}
form label{display:flex;flex-direction:column;font-weight:600;font-size:14px}
input[type=search],input[type=text],select{font:inherit;padding:6px 8px;border:1px solid #6b7280;border-radius:4px;min-width:16rem}
button{font:inherit;padding:7px 14px;border:0;border-radius:4px;background:var(--accent);color:#fff;cursor:pointer}
ul.plain{padding-left:1.2rem}
.notes{background:#fffbeb;border:1px solid #f59e0b;padding:8px 12px}
`;

/** The style sheet's hash, for the Content-Security-Policy. */
const CSS_HASH = createHash('sha256').update(CSS).digest('base64');

/** No scripts, no outside resources, no framing, forms only to this site. */
export const CSP = `default-src 'none'; style-src 'sha256-${CSS_HASH}'; img-src 'self' data:; form-action 'self'; base-uri 'none'; frame-ancestors 'none'`;

export interface PageOptions {
  title: string;
  /** the page's canonical path (already encoded) */
  canonical?: string;
  /** the main content, already HTML */
  body: string;
  /** "data as of ... · sources", plain text */
  footer?: string;
  /** one line about the page, for search engines and link previews */
  description?: string;
  /** the page's absolute address and chart (with PUBLIC_URL), for link previews */
  links?: { page: string; chart: string } | null;
}

/** A whole page: landmarks (header/nav, main, footer), a skip link, the style sheet. */
export function page(opts: PageOptions): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(opts.title)} · Matchgraph</title>
${opts.canonical ? `<link rel="canonical" href="${esc(opts.links?.page ?? opts.canonical)}">\n` : ''}${
    opts.description ? `<meta name="description" content="${esc(opts.description)}">\n<meta property="og:description" content="${esc(opts.description)}">\n` : ''
  }<meta property="og:title" content="${esc(opts.title)}">
${opts.links ? `<meta property="og:url" content="${esc(opts.links.page)}">\n<meta property="og:image" content="${esc(opts.links.chart)}">\n` : ''}<style>${CSS}</style>
</head>
<body>
<a class="skip" href="#main">Skip to content</a>
<header><nav aria-label="Site"><a class="brand" href="/">Matchgraph</a><a href="/top">Top</a><a href="/search">Search</a></nav></header>
<main id="main">
${opts.body}
</main>
<footer><p>${esc(opts.footer ?? 'Matchgraph: explainable comparisons of AI models and products.')}</p></footer>
</body>
</html>
`;
}
