/**
 * Operator commands for rank-change alerts:
 *   subscriptions add|list|remove|pause|resume, catalog sync <file-or-dir>, alerts deliver|status.
 */
import type { ChatContext } from '../../commands/types.js';
import { isChatPlatform, PLATFORMS } from '../chat/platforms.js';
import { dirname, join } from 'node:path';
import { subscriptionItem } from '../../commands/alerts-shared.js';
import { subscribe } from '../../commands/subscribe.js';
import { runCommand } from '../../commands/run.js';
import { notifiersFromConfig } from '../alerts/index.js';
import { createDeliveryWorker } from '../alerts/worker.js';
import { SOURCES_DIR, type App } from '../bootstrap.js';
import type { Config } from '../config.js';
import type { AlertsCommandView, SubscriptionItemView } from '../core/views.js';
import { buildCatalogWithReport, skippedReferences } from '../importers/build.js';
import type { Logger } from '../log.js';
import { overlaySources, skippedLines } from './catalog-sync.js';
import { renderText } from './render-text.js';

export const ALERTS_USAGE = `
  subscriptions add --platform <${PLATFORMS.join('|')}> --workspace <id> --channel <id> --target <target>
        [--min-change N|Npt] [--mode instant|daily] [--quiet-hours 22:00-07:00] [--timezone Europe/Berlin]
        [--cooldown 6h] [--confirm] [--user <name>]
                                      target: <product> | category:<name> | top:<N>[:<category>]
  subscriptions list [--platform p] [--workspace id] [--channel id] [--json]
  subscriptions remove|pause|resume <id>
  catalog sync <file-or-dir>          import new source data (laid over data/sources) and run a scoring
  alerts deliver [--json]             send every due alert once, then exit
  alerts status [--json]              outbox counts`;

export const ALERTS_CLI_OPTIONS = {
  platform: { type: 'string' },
  workspace: { type: 'string' },
  channel: { type: 'string' },
  target: { type: 'string' },
  'min-change': { type: 'string' },
  mode: { type: 'string' },
  'quiet-hours': { type: 'string' },
  timezone: { type: 'string' },
  cooldown: { type: 'string' },
  confirm: { type: 'boolean' },
  user: { type: 'string' },
} as const;

type Values = Record<string, string | boolean | undefined>;

export function subscriptionLine(s: SubscriptionItemView): string {
  const opts = [s.minChange, s.mode, s.quietHours ? `quiet ${s.quietHours}` : null, s.cooldown ? `cooldown ${s.cooldown}` : null, s.confirm ? 'confirm' : null]
    .filter(Boolean)
    .join(', ');
  const status = s.status === 'disabled' ? `disabled (${s.disabledReason})` : s.status;
  const last = s.lastAlertAt ? `last alert ${s.lastAlertAt}${s.lastAlertSummary ? `: ${s.lastAlertSummary}` : ''}` : 'no alert yet';
  return [
    `#${s.id}  ${s.platform} ${s.workspaceId}/${s.channelId}  ${s.targetLabel} [${s.target}]  ${status}`,
    `     ${opts} · by ${s.createdBy} ${s.createdAt.slice(0, 10)} · ${last}${s.failureCount ? ` · ${s.failureCount} failures` : ''}`,
    ...(s.disabledWhy ? [`     ${s.disabledWhy}`] : []),
  ].join('\n');
}

export function renderAlertsView(v: AlertsCommandView): string {
  switch (v.kind) {
    case 'subscribed':
      return `${v.message}\n${subscriptionLine(v.subscription)}`;
    case 'unsubscribed':
      return [v.message, ...v.removed.map(subscriptionLine)].join('\n');
    case 'subscriptions':
      return [v.message, ...v.items.map(subscriptionLine)].join('\n');
    default:
      return renderText(v);
  }
}

/** Runs an alerts command; null when `cmd` is not one. */
export async function runAlertsCli(
  cmd: string,
  args: string[],
  values: Values,
  app: App,
  config: Config,
  log: Logger,
  out: (s: string) => void,
): Promise<number | null> {
  const json = values.json === true;
  const repo = app.core.subscriptions;
  if (cmd === 'catalog' && args[0] === 'sync') {
    if (!args[1]) {
      out('catalog sync needs a file or a folder laid out like data/sources.');
      return 2;
    }
    let overlay;
    try {
      overlay = overlaySources(args[1], SOURCES_DIR);
    } catch (e) {
      out((e as Error).message);
      return 2;
    }
    try {
      // synced data is fresh data: curated references to entries it no longer has are left out and listed
      const { build, report } = buildCatalogWithReport({ dir: overlay.dir, curatedPath: join(dirname(SOURCES_DIR), 'curated.json'), lenient: true });
      const run = await app.core.importCatalog(build);
      const references = skippedReferences(report);
      const summary = {
        replaced: overlay.replaced,
        ignored: overlay.ignored,
        products: build.products.length,
        evidence: build.evidence.length,
        run: run.id,
        previousRun: run.previousRunId,
        changed: run.diff?.changed ?? 0,
        alerts: run.outboxRows,
        held: run.held,
        skipped: run.skipped ?? null,
        references,
      };
      out(
        json
          ? JSON.stringify(summary)
          : [
              `Synced ${overlay.replaced.length} file(s); ${summary.products} products; scoring run #${run.id}: ${summary.changed} products changed, ${summary.alerts} alert(s) queued${summary.held ? `, ${summary.held} held` : ''}${summary.skipped ? ` (no diff: ${summary.skipped})` : ''}.`,
              ...skippedLines(references),
            ].join('\n'),
      );
      return 0;
    } finally {
      overlay.cleanup();
    }
  }
  if (cmd === 'subscriptions') {
    if (!repo) {
      out('This store has no subscriptions.');
      return 1;
    }
    const sub = args[0] ?? 'list';
    if (values.platform !== undefined && !isChatPlatform(values.platform)) {
      out(`Unknown platform "${String(values.platform).slice(0, 40)}": use ${PLATFORMS.join(' or ')}.`);
      return 2;
    }
    if (sub === 'add') {
      // the chat context comes from the flags, next to (not inside) the command's options
      const chat: ChatContext | null =
        isChatPlatform(values.platform) && typeof values.workspace === 'string' && typeof values.channel === 'string'
          ? {
              platform: values.platform,
              workspace: values.workspace,
              channel: values.channel,
              user: typeof values.user === 'string' ? values.user : `cli:${process.env.USER ?? 'operator'}`,
            }
          : null;
      const raw: Record<string, unknown> = {
        target: values.target ?? args.slice(1).join(' '),
        'min-change': values['min-change'],
        mode: values.mode,
        'quiet-hours': values['quiet-hours'],
        timezone: values.timezone,
        cooldown: values.cooldown,
        confirm: values.confirm,
      };
      const view = await runCommand(subscribe, raw, app.core, { chat, logError: (err, ctx) => log.error({ err, ...ctx }, 'command failed') });
      out(json ? JSON.stringify(view, null, 2) : renderAlertsView(view));
      return view.kind === 'subscribed' ? 0 : view.kind === 'error' && view.code === 'internal' ? 1 : 2;
    }
    if (sub === 'list') {
      const list = await repo.list({
        ...(isChatPlatform(values.platform) ? { platform: values.platform } : {}),
        ...(typeof values.workspace === 'string' ? { workspaceId: values.workspace } : {}),
        ...(typeof values.channel === 'string' ? { channelId: values.channel } : {}),
      });
      const items = list.map(subscriptionItem);
      out(json ? JSON.stringify(items, null, 2) : items.length ? items.map(subscriptionLine).join('\n') : 'No subscriptions.');
      return 0;
    }
    if (sub === 'remove' || sub === 'pause' || sub === 'resume') {
      const id = Number(args[1]);
      if (!Number.isInteger(id) || id <= 0) {
        out(`subscriptions ${sub} needs a subscription id (see subscriptions list).`);
        return 2;
      }
      const s = sub === 'remove' ? await repo.remove(id) : await repo.setStatus(id, sub === 'pause' ? 'paused' : 'active', app.core.now());
      if (!s) {
        out(`No subscription #${id}.`);
        return 2;
      }
      out(json ? JSON.stringify(subscriptionItem(s)) : `${sub === 'remove' ? 'Removed' : sub === 'pause' ? 'Paused' : 'Resumed'} subscription #${id} (${s.targetLabel}).`);
      return 0;
    }
    out(`Unknown subscriptions command "${sub}".${ALERTS_USAGE}`);
    return 2;
  }
  if (cmd === 'alerts') {
    const outbox = app.store.outbox;
    if (args[0] === 'status') {
      const stats = await outbox.stats();
      out(json ? JSON.stringify(stats) : `Outbox: ${stats.pending} pending, ${stats.sending} sending, ${stats.delivered} delivered, ${stats.dead} dead-lettered.`);
      return 0;
    }
    if (args[0] === 'deliver') {
      const notifiers = notifiersFromConfig(config);
      if (notifiers.length === 0) {
        out('No DISCORD_TOKEN or SLACK_BOT_TOKEN is set: nothing can be delivered.');
        return 1;
      }
      const worker = createDeliveryWorker({ outbox, notifiers, log });
      const result = await worker.drain();
      const stats = await outbox.stats();
      out(
        json
          ? JSON.stringify({ ...result, outbox: stats })
          : `Delivered ${result.delivered} message(s); ${result.dead} dead-lettered, ${result.disabled} channel(s) disabled, ${result.retried + result.rateLimited} retries. Outbox: ${stats.pending} pending, ${stats.dead} dead.`,
      );
      return 0;
    }
    out(`Unknown alerts command "${args[0] ?? ''}".${ALERTS_USAGE}`);
    return 2;
  }
  return null;
}
