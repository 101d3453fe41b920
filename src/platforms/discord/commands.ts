/**
 * Neutral command definitions -> Discord application command JSON (slash commands), built with
 * discord.js's SlashCommandBuilder so names, lengths and option rules are validated on build.
 */
import {
  ApplicationIntegrationType,
  InteractionContextType,
  PermissionFlagsBits,
  SlashCommandBuilder,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord.js';
import { CHAT_COMMANDS, SUBSCRIPTION_COMMANDS } from '../../../commands/index.js';
import type { AnyCommand } from '../../../commands/types.js';
import { DISCORD_LIMITS } from './limits.js';

function desc(text: string): string {
  return text.length <= DISCORD_LIMITS.commandDescription ? text : `${text.slice(0, DISCORD_LIMITS.commandDescription - 1)}…`;
}

export function toDiscordCommand(def: AnyCommand): RESTPostAPIChatInputApplicationCommandsJSONBody {
  const b = new SlashCommandBuilder().setName(def.name).setDescription(desc(def.description));
  if (def.requiresManage) {
    // channel settings: server channels only, shown by default to members with Manage Server
    b.setIntegrationTypes(ApplicationIntegrationType.GuildInstall)
      .setContexts(InteractionContextType.Guild)
      .setDefaultMemberPermissions(PermissionFlagsBits.ManageGuild);
  } else {
    // server installs answer in servers and in DMs with the bot; user installs anywhere the user is
    b.setIntegrationTypes(ApplicationIntegrationType.GuildInstall, ApplicationIntegrationType.UserInstall).setContexts(
      InteractionContextType.Guild,
      InteractionContextType.BotDM,
      InteractionContextType.PrivateChannel,
    );
  }
  for (const o of def.options) {
    switch (o.type) {
      case 'string':
        b.addStringOption((s) => {
          s.setName(o.name).setDescription(desc(o.description)).setRequired(o.required ?? false);
          if (o.choices?.length) s.addChoices(...o.choices.slice(0, DISCORD_LIMITS.choices));
          else if (o.autocomplete) s.setAutocomplete(true);
          if (o.maxLength !== undefined) s.setMaxLength(o.maxLength);
          return s;
        });
        break;
      case 'boolean':
        b.addBooleanOption((s) => s.setName(o.name).setDescription(desc(o.description)).setRequired(o.required ?? false));
        break;
      case 'integer':
        b.addIntegerOption((s) => {
          s.setName(o.name).setDescription(desc(o.description)).setRequired(o.required ?? false);
          if (o.min !== undefined) s.setMinValue(o.min);
          if (o.max !== undefined) s.setMaxValue(o.max);
          return s;
        });
        break;
      case 'number':
        b.addNumberOption((s) => {
          s.setName(o.name).setDescription(desc(o.description)).setRequired(o.required ?? false);
          if (o.min !== undefined) s.setMinValue(o.min);
          if (o.max !== undefined) s.setMaxValue(o.max);
          return s;
        });
        break;
    }
  }
  return b.toJSON();
}

/** Every chat command and the subscription commands, as registered with Discord. */
export function discordCommands(): RESTPostAPIChatInputApplicationCommandsJSONBody[] {
  return [...(CHAT_COMMANDS as readonly AnyCommand[]), ...SUBSCRIPTION_COMMANDS].map(toDiscordCommand);
}
