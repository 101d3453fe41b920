/**
 * One-shot CLI: `npm run cli -- <command> [args] [--json]`.
 * Exit status: 0 ok, 1 failure, 2 unknown/ambiguous name or bad input.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { copySqliteToPg, CopyError } from '../db/copy.js';
import { findCommand, helpView } from '../../commands/index.js';
import { isVersus, splitNames } from '../../commands/parse.js';
import { runCommand } from '../../commands/run.js';
import { ensureCatalog, openApp, SOURCES_DIR } from '../bootstrap.js';
import { loadConfig, loadDotEnv } from '../config.js';
import type { View } from '../core/views.js';
import { buildCatalogWithReport, skippedReferences } from '../importers/build.js';
import { ImportValidationError } from '../importers/errors.js';
import { createLogger } from '../log.js';
import { ALERTS_CLI_OPTIONS, ALERTS_USAGE, runAlertsCli } from './alerts-cli.js';
import { loadCatalogReport, renderCatalogReport } from './catalog-report.js';
import { skippedLines } from './catalog-sync.js';
import { renderText } from './render-text.js';

export const USAGE = `Usage: npm run cli -- <command> [args] [--json]

  compare <a> <b> [c]                 compare two or three products (or: compare a vs b [vs c])
  alternatives <name> [--cheaper] [--type model|product] [--limit N]
  product <name>                      one product in detail
  top [category] [--type model|product] [--limit N]
  search <query> [--type model|product] [--free] [--max-price <USD per 1M input tokens>] [--limit N]
                                      find products by what they do
  resolve <query>                     how a name is matched
  catalog import                      rebuild the catalog from the bundled files
  catalog import openrouter|litellm <file-or-url>
                                      rebuild with a fresh download of one source
  catalog report                      evidence coverage, merges, unmatched rows, score spread
  score                               run the scoring engine now
  db migrate                          create or update the database's tables (SQLite file, or DATABASE_URL)
  db copy --from <sqlite file> --to <postgres url> [--replace]
                                      move catalog, history, subscriptions and queued alerts to PostgreSQL${ALERTS_USAGE}`;

/** Exit status for a view: 2 when the user's input could not be used. */
export function exitCodeFor(view: View): number {
  if (view.kind === 'resolution') return 2;
  if (view.kind === 'resolve') return view.status === 'match' ? 0 : 2;
  if (view.kind === 'error') return view.code === 'internal' ? 1 : 2;
  return 0;
}

async function readSource(arg: string): Promise<unknown> {
  if (/^https?:\/\//i.test(arg)) {
    const res = await fetch(arg, { signal: AbortSignal.timeout(30_000) });
    if (!res.ok) throw new Error(`GET ${arg} answered ${res.status}`);
    return res.json();
  }
  return JSON.parse(readFileSync(arg, 'utf8'));
}

export async function main(argv: string[], out: (s: string) => void = (s) => process.stdout.write(s + '\n')): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    strict: false,
    options: {
      json: { type: 'boolean' },
      cheaper: { type: 'boolean' },
      free: { type: 'boolean' },
      'max-price': { type: 'string' },
      type: { type: 'string' },
      limit: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
      from: { type: 'string' },
      to: { type: 'string' },
      replace: { type: 'boolean' },
      ...ALERTS_CLI_OPTIONS,
    },
  });
  const [cmd, ...args] = positionals;
  if (!cmd || values.help || cmd === 'help') {
    out(USAGE);
    return cmd || values.help ? 0 : 2;
  }
  loadDotEnv();
  const config = loadConfig();
  const log = createLogger(config.LOG_LEVEL === 'info' ? 'warn' : config.LOG_LEVEL);
  if (cmd === 'db' && args[0] === 'copy') return dbCopy(values, out);
  const app = await openApp(config, { publicUrl: config.PUBLIC_URL });
  try {
    if (cmd === 'db') {
      if (args[0] !== 'migrate') {
        out(USAGE);
        return 2;
      }
      // opening the store ran the migrations (one instance at a time on PostgreSQL)
      await app.store.ping();
      const where = app.store.dialect === 'postgres' ? 'PostgreSQL (DATABASE_URL)' : `SQLite ${config.DATABASE_PATH}`;
      out(values.json ? JSON.stringify({ dialect: app.store.dialect, migrated: true }) : `Migrated ${where}: every migration is applied.`);
      return 0;
    }
    if (cmd === 'catalog' && args[0] === 'sync') return (await runAlertsCli(cmd, args, values, app, config, log, out))!;
    if (cmd === 'catalog' && args[0] === 'report') {
      await ensureCatalog(app.core, log, { leases: app.store.leases });
      const report = await loadCatalogReport(app.core);
      out(values.json ? JSON.stringify(report, null, 2) : renderCatalogReport(report));
      return 0;
    }
    if (cmd === 'catalog') {
      if (args[0] !== 'import') {
        out(USAGE);
        return 2;
      }
      const source = args[1];
      const overrides: { openrouter?: unknown; litellm?: unknown } = {};
      if (source) {
        if (source !== 'openrouter' && source !== 'litellm') {
          out(`Unknown source "${source}". Use openrouter or litellm.`);
          return 2;
        }
        if (!args[2]) {
          out(`catalog import ${source} needs a file or URL.`);
          return 2;
        }
        overrides[source] = await readSource(args[2]);
      }
      const { build, report } = buildCatalogWithReport({ dir: SOURCES_DIR, overrides });
      const run = await app.core.importCatalog(build);
      const skipped = skippedReferences(report);
      const summary = { products: build.products.length, evidence: build.evidence.length, sources: build.sources.length, run: run.id, skipped };
      out(
        values.json
          ? JSON.stringify(summary)
          : [
              `Imported ${summary.products} products and ${summary.evidence} evidence rows from ${summary.sources} sources; scoring run #${run.id}.`,
              ...skippedLines(skipped),
            ].join('\n'),
      );
      return 0;
    }
    await ensureCatalog(app.core, log, { leases: app.store.leases });
    const alertsExit = await runAlertsCli(cmd, args, values, app, config, log, out);
    if (alertsExit !== null) return alertsExit;
    if (cmd === 'score') {
      const run = await app.core.score();
      out(values.json ? JSON.stringify(run) : `Scoring run #${run.id} (${run.configVersion}) scored ${run.productCount} products.`);
      return 0;
    }
    const def = findCommand(cmd);
    if (!def) {
      out(`Unknown command "${cmd}".\n\n${USAGE}`);
      return 2;
    }
    const raw: Record<string, unknown> = { type: values.type, limit: values.limit, cheaper: values.cheaper };
    if (def.name === 'compare') {
      const [first, second, third] = compareNames(args);
      Object.assign(raw, { first, second, third });
    }
    else if (def.name === 'alternatives') raw.product = args.join(' ');
    else if (def.name === 'product') raw.name = args.join(' ');
    else if (def.name === 'top') raw.category = args.join(' ');
    else if (def.name === 'resolve') raw.query = args.join(' ');
    else if (def.name === 'search') Object.assign(raw, { query: args.join(' '), free: values.free, 'max-price': values['max-price'] });
    const view = await runCommand(def, raw, app.core, { logError: (err, ctx) => log.error({ err, ...ctx }, 'command failed') });
    out(values.json ? JSON.stringify(view, null, 2) : renderText(view));
    return exitCodeFor(view);
  } catch (e) {
    if (e instanceof ImportValidationError) {
      out(e.message);
      return 2;
    }
    throw e;
  } finally {
    await app.close();
  }
}

const isMain = process.argv[1] && import.meta.url === new URL(`file://${process.argv[1]}`).href;
if (isMain) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (err) => {
      process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
      process.exit(1);
    },
  );
}
export { helpView };

/** `db copy --from <sqlite file> --to <postgres url> [--replace] [--json]` */
async function dbCopy(values: Record<string, string | boolean | undefined>, out: (s: string) => void): Promise<number> {
  const from = typeof values.from === 'string' ? values.from : undefined;
  const to = typeof values.to === 'string' ? values.to : undefined;
  if (!from || !to || !/^postgres(ql)?:\/\/\S+$/i.test(to)) {
    out('db copy needs --from <SQLite file> and --to <postgres://user:password@host:5432/database>.');
    return 2;
  }
  try {
    const result = await copySqliteToPg(from, to, { replace: values.replace === true });
    if (values.json) out(JSON.stringify(result));
    else {
      out(`Copied ${from} to PostgreSQL in ${(result.ms / 1000).toFixed(1)} s:`);
      for (const r of result.tables) out(`  ${r.table.padEnd(16)} ${r.rows.toLocaleString('en-US').padStart(9)} rows  ${r.ms} ms`);
      out(`Not copied: ${Object.entries(result.notCopied).map(([k, why]) => `${k} (${why})`).join('; ')}.`);
      out('Set DATABASE_URL to the PostgreSQL URL and start the bot.');
    }
    return 0;
  } catch (err) {
    if (err instanceof CopyError) {
      out(err.message);
      return 2;
    }
    throw err;
  }
}

/**
 * The names of a console compare: one argument each ("llama 3.2 1b" gemini), or the chat form in any
 * number of words ("compare claude vs chatgpt", "compare 'claude vs chatgpt'"), split as /compare splits it.
 */
export function compareNames(args: readonly string[]): string[] {
  const separated = args.length < 2 || args.some((a) => isVersus(a) || a.split(/\s+/).some(isVersus));
  return separated ? splitNames(args.join(' ')) : [...args];
}
