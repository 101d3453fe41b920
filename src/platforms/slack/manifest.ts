/**
 * The Slack app manifest, generated from the same command definitions as everything else.
 * `npm run slack:manifest` writes manifest.yml at the repository root:
 *   npm run slack:manifest                               Socket Mode (no public URL)
 *   npm run slack:manifest -- --url https://bot.example.com   HTTP mode, request URLs under that base
 * SLACK_PUBLIC_URL may give the base URL instead of --url; --out <file> writes elsewhere.
 */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { CHAT_COMMANDS, SUBSCRIPTION_COMMANDS } from '../../../commands/index.js';
import type { AnyCommand } from '../../../commands/types.js';
import { SLACK_EVENTS_PATH } from './index.js';
import { SLACK_SUBSCRIPTION_USAGE } from './subscriptions.js';

export const APP_NAME = 'Matchgraph';
export const BOT_SCOPES = ['app_mentions:read', 'chat:write', 'chat:write.public', 'commands'] as const;
export const BOT_EVENTS = ['app_home_opened', 'app_mention'] as const;

/** Slack's manifest limits for slash commands. */
const MANIFEST_LIMITS = { commandDescription: 2000, usageHint: 1000, appDescription: 140 } as const;

export interface ManifestOptions {
  /** public base URL (https://host); when given the manifest is for HTTP mode */
  baseUrl?: string;
  /** Socket Mode; defaults to true when no base URL is given */
  socketMode?: boolean;
  commands?: readonly AnyCommand[];
}

export interface SlackManifest {
  _metadata: { major_version: number; minor_version: number };
  display_information: { name: string; description: string; long_description?: string; background_color: string };
  features: {
    app_home: { home_tab_enabled: boolean; messages_tab_enabled: boolean; messages_tab_read_only_enabled: boolean };
    bot_user: { display_name: string; always_online: boolean };
    slash_commands: Array<{ command: string; description: string; usage_hint: string; should_escape: boolean; url?: string }>;
  };
  oauth_config: { scopes: { bot: string[] } };
  settings: {
    event_subscriptions: { request_url?: string; bot_events: string[] };
    interactivity: { is_enabled: boolean; request_url?: string; message_menu_options_url?: string };
    org_deploy_enabled: boolean;
    socket_mode_enabled: boolean;
    token_rotation_enabled: boolean;
  };
}

/** "/compare <first> vs <second> [vs <third>]" -> "<first> vs <second> [vs <third>]" */
export function usageHint(def: AnyCommand): string {
  const own = (SLACK_SUBSCRIPTION_USAGE as Record<string, string | undefined>)[def.name];
  if (own) return own.slice(0, MANIFEST_LIMITS.usageHint);
  return def.usage.replace(new RegExp(`^/?${def.name}\\s*`), '').slice(0, MANIFEST_LIMITS.usageHint);
}

export function slackManifest(opts: ManifestOptions = {}): SlackManifest {
  const base = opts.baseUrl?.replace(/\/+$/, '');
  const socketMode = opts.socketMode ?? !base;
  if (!socketMode && !base) throw new Error('HTTP mode needs the public base URL (--url https://your-host)');
  const url = !socketMode && base ? `${base}${SLACK_EVENTS_PATH}` : undefined;
  const commands = opts.commands ?? [...CHAT_COMMANDS, ...SUBSCRIPTION_COMMANDS];
  return {
    _metadata: { major_version: 1, minor_version: 1 },
    display_information: {
      name: APP_NAME,
      description: 'AI model and product comparisons, alternatives and leaderboards.'.slice(0, MANIFEST_LIMITS.appDescription),
      long_description:
        'Matchgraph compares AI models and products side by side with an explainable score (UnfragileRank), finds alternatives with the reason for each, finds products by what they do, and shows leaderboards. Use /compare, /alternatives, /product, /top and /search, or mention the bot: "alternatives to cursor", "tools for transcribing meetings".',
      background_color: '#1d2b3a',
    },
    features: {
      app_home: { home_tab_enabled: true, messages_tab_enabled: false, messages_tab_read_only_enabled: true },
      bot_user: { display_name: APP_NAME, always_online: true },
      slash_commands: commands.map((c) => ({
        command: `/${c.name}`,
        description: c.description.slice(0, MANIFEST_LIMITS.commandDescription),
        usage_hint: usageHint(c),
        should_escape: false,
        ...(url ? { url } : {}),
      })),
    },
    oauth_config: { scopes: { bot: [...BOT_SCOPES] } },
    settings: {
      event_subscriptions: { ...(url ? { request_url: url } : {}), bot_events: [...BOT_EVENTS] },
      interactivity: { is_enabled: true, ...(url ? { request_url: url, message_menu_options_url: url } : {}) },
      org_deploy_enabled: false,
      socket_mode_enabled: socketMode,
      token_rotation_enabled: false,
    },
  };
}

// ---- a small YAML writer: mappings, sequences and scalars are all a manifest holds

const PLAIN = /^[A-Za-z_/][A-Za-z0-9 _./:#-]*$/;
const RESERVED = /^(?:true|false|yes|no|on|off|null|~|y|n)$/i;

function scalar(v: unknown): string {
  if (typeof v === 'boolean' || typeof v === 'number') return String(v);
  if (v === null || v === undefined) return 'null';
  const s = String(v);
  // a JSON string is a valid YAML double-quoted scalar
  return PLAIN.test(s) && !RESERVED.test(s) && !s.endsWith(' ') && !s.includes(': ') && !s.includes(' #') ? s : JSON.stringify(s);
}

function isCollection(v: unknown): v is object {
  return typeof v === 'object' && v !== null && (Array.isArray(v) ? v.length > 0 : Object.keys(v).length > 0);
}

function emptyCollection(v: unknown): string | null {
  if (Array.isArray(v) && v.length === 0) return '[]';
  if (typeof v === 'object' && v !== null && !Array.isArray(v) && Object.keys(v).length === 0) return '{}';
  return null;
}

export function toYaml(value: unknown, indent = 0): string {
  const pad = ' '.repeat(indent);
  if (Array.isArray(value)) {
    return value
      .map((item) => {
        if (isCollection(item)) {
          const inner = toYaml(item, indent + 2).trimStart();
          return `${pad}- ${inner}`;
        }
        return `${pad}- ${emptyCollection(item) ?? scalar(item)}\n`;
      })
      .join('');
  }
  if (typeof value === 'object' && value !== null) {
    return Object.entries(value)
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => (isCollection(v) ? `${pad}${scalar(k)}:\n${toYaml(v, indent + 2)}` : `${pad}${scalar(k)}: ${emptyCollection(v) ?? scalar(v)}\n`))
      .join('');
  }
  return `${pad}${scalar(value)}\n`;
}

export function manifestYaml(opts: ManifestOptions = {}): string {
  return `# Generated by \`npm run slack:manifest\` from the command definitions. Create the Slack app from it:\n# https://api.slack.com/apps -> Create New App -> From a manifest.\n${toYaml(slackManifest(opts))}`;
}

export const MANIFEST_PATH = resolve(fileURLToPath(new URL('../../../manifest.yml', import.meta.url)));

function argValue(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  if (i >= 0) return args[i + 1];
  const eq = args.find((a) => a.startsWith(`${name}=`));
  return eq?.slice(name.length + 1);
}

export function manifestOptionsFromArgs(args: string[], env: NodeJS.ProcessEnv): ManifestOptions & { out: string } {
  const baseUrl = argValue(args, '--url') ?? (env.SLACK_PUBLIC_URL?.trim() || undefined);
  const socketMode = args.includes('--socket') ? true : args.includes('--http') ? false : undefined;
  return { baseUrl, socketMode, out: argValue(args, '--out') ?? MANIFEST_PATH };
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  try {
    const opts = manifestOptionsFromArgs(process.argv.slice(2), process.env);
    writeFileSync(opts.out, manifestYaml(opts));
    const m = slackManifest(opts);
    process.stdout.write(
      `wrote ${opts.out} (${m.settings.socket_mode_enabled ? 'Socket Mode' : `HTTP mode at ${m.settings.event_subscriptions.request_url}`}, commands ${m.features.slash_commands.map((c) => c.command).join(' ')})\n`,
    );
  } catch (e) {
    process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(1);
  }
}
