/**
 * Why a subscription was disabled, and what to do about it, per permanent-error reason. The
 * reasons are the platforms' own error names (each adapter's notifier maps its errors to them),
 * so their texts live here, in the chat layer, not in the core.
 */
import type { DisabledReason } from '../core/alerts/types.js';

export const DISABLED_REASON_TEXT: Record<DisabledReason, string> = {
  missing_access: 'The bot cannot see this channel (Discord: Missing Access). Give it View Channel and Send Messages, then subscribe again.',
  missing_permissions: 'The bot may not post in this channel (Discord: Missing Permissions). Allow Send Messages and Embed Links, then subscribe again.',
  unknown_channel: 'The channel no longer exists (Discord: Unknown Channel).',
  channel_not_found: 'Slack cannot find this channel (channel_not_found). It may be private or deleted; invite the app and subscribe again.',
  not_in_channel: 'The app is not a member of this channel (not_in_channel). Invite it with /invite, then subscribe again.',
  is_archived: 'The channel is archived (is_archived). Unarchive it and subscribe again.',
  account_inactive: 'The Slack app was deactivated or uninstalled for this workspace (account_inactive).',
};
