import { z } from 'zod';
import type { AlertsCommandView, SubscriptionsView } from '../src/core/views.js';
import { chatWhere, isError, requireSubscriptions, subscriptionItem } from './alerts-shared.js';
import type { CommandDef } from './types.js';

export interface SubscriptionsInput {
  /** the whole workspace (Slack App Home, a server-wide list) rather than this channel */
  all: boolean;
}

export const subscriptions: CommandDef<SubscriptionsInput, AlertsCommandView> = {
  name: 'subscriptions',
  description: "This channel's alert subscriptions: status, creator, last alert and why any is disabled",
  usage: '/subscriptions [all]',
  requiresManage: true,
  options: [{ name: 'all', description: 'List the subscriptions of every channel in this server or workspace', type: 'boolean' }],
  schema: z
    .object({ all: z.union([z.boolean(), z.enum(['true', 'false']).transform((v) => v === 'true')]).optional() })
    .transform((o): SubscriptionsInput => ({ all: o.all ?? false })),
  async execute(input, core, chat): Promise<AlertsCommandView> {
    const at = chatWhere(chat, false);
    if (isError(at)) return at;
    const repo = requireSubscriptions(core);
    if (isError(repo)) return repo;
    const channel = input.all ? null : at.channel;
    const list = await repo.list({ platform: at.platform, workspaceId: at.workspace, ...(channel ? { channelId: channel } : {}) });
    const disabled = list.filter((s) => s.status === 'disabled').length;
    const where = channel ? 'This channel' : 'This workspace';
    const view: SubscriptionsView = {
      kind: 'subscriptions',
      scope: { platform: at.platform, workspaceId: at.workspace, channelId: channel },
      items: list.map(subscriptionItem),
      message:
        list.length === 0
          ? `${where} has no subscriptions. Add one with /subscribe.`
          : `${where} has ${list.length} subscription${list.length === 1 ? '' : 's'}${disabled ? `, ${disabled} disabled` : ''}.`,
    };
    return view;
  },
};
