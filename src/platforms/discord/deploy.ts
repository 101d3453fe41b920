/**
 * `npm run deploy:discord`: registers the chat commands with Discord, globally or in one guild
 * (DISCORD_GUILD_ID; instant, for development). One bulk PUT replaces the whole set.
 */
import { pathToFileURL } from 'node:url';
import { Routes, type REST } from 'discord.js';
import { discordCommands } from './commands.js';
import { createDiscordRest } from './rest.js';

export interface DeployOptions {
  token: string;
  applicationId: string;
  guildId?: string;
  apiBase?: string;
  rest?: REST;
}

export interface DeployResult {
  scope: 'global' | 'guild';
  route: string;
  commands: string[];
}

export async function deployCommands(opts: DeployOptions): Promise<DeployResult> {
  const rest = opts.rest ?? createDiscordRest({ apiBase: opts.apiBase, token: opts.token });
  if (opts.rest) rest.setToken(opts.token);
  const body = discordCommands();
  const route = opts.guildId ? Routes.applicationGuildCommands(opts.applicationId, opts.guildId) : Routes.applicationCommands(opts.applicationId);
  const registered = (await rest.put(route, { body })) as Array<{ name: string }>;
  return {
    scope: opts.guildId ? 'guild' : 'global',
    route,
    commands: Array.isArray(registered) ? registered.map((c) => c.name) : body.map((c) => c.name),
  };
}

async function main(): Promise<void> {
  const { loadConfig } = await import('../../config.js');
  const config = loadConfig();
  if (!config.DISCORD_TOKEN || !config.DISCORD_APPLICATION_ID) {
    process.stderr.write('Set DISCORD_TOKEN and DISCORD_APPLICATION_ID (see .env.example and docs/discord.md) to register commands.\n');
    process.exit(1);
  }
  const result = await deployCommands({
    token: config.DISCORD_TOKEN,
    applicationId: config.DISCORD_APPLICATION_ID,
    guildId: config.DISCORD_GUILD_ID,
    apiBase: config.DISCORD_API_BASE,
  });
  process.stdout.write(
    `Registered ${result.commands.length} commands (${result.commands.map((c) => `/${c}`).join(', ')}) ${
      result.scope === 'guild' ? `in guild ${config.DISCORD_GUILD_ID} (available now)` : 'globally (may take up to an hour to appear)'
    }.\n`,
  );
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((err) => {
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  });
}
