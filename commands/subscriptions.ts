import { z } from 'zod';
import type { Platform } from '../src/core/alerts/types.js';
import type { AlertsCommandView, SubscriptionsView } from '../src/core/views.js';
import { contextSchema, isError, requireSubscriptions, subscriptionItem } from './alerts-shared.js';
import type { CommandDef } from './types.js';

export interface SubscriptionsInput {
  platform: Platform;
  workspace: string;
  /** null lists the whole workspace (Slack App Home, a server-wide list) */
  channel: string | null;
}

export const subscriptions: CommandDef<SubscriptionsInput, AlertsCommandView> = {
  name: 'subscriptions',
  description: "This channel's alert subscriptions: status, creator, last alert and why any is disabled",
  usage: '/subscriptions [all]',
  requiresManage: true,
  options: [{ name: 'all', description: 'List the subscriptions of every channel in this server or workspace', type: 'boolean' }],
  schema: z
    .object({
      platform: contextSchema.platform,
      workspace: contextSchema.workspace,
      channel: contextSchema.channel.optional(),
      user: contextSchema.user.optional(),
      all: z.union([z.boolean(), z.enum(['true', 'false']).transform((v) => v === 'true')]).optional(),
    })
    .transform((o): SubscriptionsInput => ({ platform: o.platform, workspace: o.workspace, channel: o.all || !o.channel ? null : o.channel })),
  async execute(input, core): Promise<AlertsCommandView> {
    const repo = requireSubscriptions(core);
    if (isError(repo)) return repo;
    const list = await repo.list({ platform: input.platform, workspaceId: input.workspace, ...(input.channel ? { channelId: input.channel } : {}) });
    const disabled = list.filter((s) => s.status === 'disabled').length;
    const where = input.channel ? 'This channel' : 'This workspace';
    const view: SubscriptionsView = {
      kind: 'subscriptions',
      scope: { platform: input.platform, workspaceId: input.workspace, channelId: input.channel },
      items: list.map(subscriptionItem),
      message:
        list.length === 0
          ? `${where} has no subscriptions. Add one with /subscribe.`
          : `${where} has ${list.length} subscription${list.length === 1 ? '' : 's'}${disabled ? `, ${disabled} disabled` : ''}.`,
    };
    return view;
  },
};
