import { z } from 'zod';
import { formatTarget } from '../src/core/alerts/target.js';
import type { Subscription } from '../src/core/alerts/types.js';
import type { AlertsCommandView, ErrorView, UnsubscribeView } from '../src/core/views.js';
import { chatWhere, isError, requireSubscriptions, subscriptionItem } from './alerts-shared.js';
import { resolveTarget } from './subscribe.js';
import type { CommandDef } from './types.js';

export interface UnsubscribeInput {
  /** a target, a subscription id ("12" or "#12"), or "all" */
  target: string;
}

const bad = (message: string): ErrorView => ({ kind: 'error', code: 'bad_input', message });

export const unsubscribe: CommandDef<UnsubscribeInput, AlertsCommandView> = {
  name: 'unsubscribe',
  description: "Stop this channel's alerts for a target (or all of them)",
  usage: '/unsubscribe <target | subscription id | all>',
  requiresManage: true,
  options: [
    { name: 'target', description: 'The subscribed target, its id from /subscriptions, or "all"', type: 'string', required: true, autocomplete: true, maxLength: 200 },
  ],
  schema: z.object({ target: z.string().trim().min(1).max(1000) }),
  /** This channel's subscriptions (and "all"), for whoever may manage them. */
  async complete(option, query, core, chat, limits) {
    if (option !== 'target' || !core.subscriptions || !chat || chat.channel === null) return [];
    const list = await core.subscriptions.list({ platform: chat.platform, workspaceId: chat.workspace, channelId: chat.channel });
    const q = query.trim().toLowerCase().replace(/^#/, '');
    const out = list
      .filter((s) => !q || String(s.id) === q || s.targetLabel.toLowerCase().includes(q))
      .map((s) => ({ name: `#${s.id} · ${s.targetLabel}${s.status === 'active' ? '' : ` (${s.status})`}`, value: String(s.id) }));
    if (list.length > 1 && (!q || 'all'.startsWith(q))) out.push({ name: `All ${list.length} subscriptions of this channel`, value: 'all' });
    return out.slice(0, limits.count);
  },
  async execute(input, core, chat): Promise<AlertsCommandView> {
    const where = chatWhere(chat, true);
    if (isError(where)) return where;
    const repo = requireSubscriptions(core);
    if (isError(repo)) return repo;
    const inChannel = await repo.list({ platform: where.platform, workspaceId: where.workspace, channelId: where.channel! });
    let chosen: Subscription[];
    const idMatch = /^#?(\d+)$/.exec(input.target);
    if (input.target.toLowerCase() === 'all') chosen = inChannel;
    else if (idMatch) {
      const s = inChannel.find((x) => x.id === Number(idMatch[1]));
      if (!s) return bad(`This channel has no subscription #${idMatch[1]}. See /subscriptions.`);
      chosen = [s];
    } else {
      const byCanonical = inChannel.find((s) => formatTarget(s.target).toLowerCase() === input.target.toLowerCase());
      if (byCanonical) chosen = [byCanonical];
      else {
        const resolved = await resolveTarget(core, input.target);
        if ('kind' in resolved) return resolved;
        const key = formatTarget(resolved.target);
        const s = inChannel.find((x) => formatTarget(x.target) === key);
        if (!s) return bad(`This channel is not subscribed to ${resolved.label}. See /subscriptions.`);
        chosen = [s];
      }
    }
    const removed: Subscription[] = [];
    for (const s of chosen) {
      const r = await repo.remove(s.id);
      if (r) removed.push(r);
    }
    const view: UnsubscribeView = {
      kind: 'unsubscribed',
      removed: removed.map(subscriptionItem),
      message:
        removed.length === 0
          ? 'This channel had no subscriptions.'
          : removed.length === 1
            ? `Unsubscribed from ${removed[0]!.targetLabel}.`
            : `Removed ${removed.length} subscriptions.`,
    };
    return view;
  },
};
