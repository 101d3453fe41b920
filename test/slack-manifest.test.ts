import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { CHAT_COMMANDS, SUBSCRIPTION_COMMANDS } from '../commands/index.js';

const ALL_SLASH = [...CHAT_COMMANDS, ...SUBSCRIPTION_COMMANDS];
import { manifestOptionsFromArgs, manifestYaml, slackManifest, toYaml } from '../src/platforms/slack/manifest.js';

describe('Slack manifest', () => {
  it('declares every chat command and the subscription commands, the scopes and the events, for Socket Mode by default', () => {
    const m = slackManifest();
    expect(m.features.slash_commands.map((c) => c.command)).toEqual(ALL_SLASH.map((c) => `/${c.name}`));
    expect(m.features.slash_commands.map((c) => c.command)).toEqual(expect.arrayContaining(['/subscribe', '/unsubscribe', '/subscriptions']));
    for (const c of m.features.slash_commands) {
      const def = ALL_SLASH.find((d) => `/${d.name}` === c.command)!;
      expect(c.description).toBe(def.description);
      expect(c.usage_hint.startsWith('/')).toBe(false);
      expect(c.url).toBeUndefined();
    }
    expect(m.features.slash_commands.find((c) => c.command === '/compare')!.usage_hint).toBe('<first> vs <second> [vs <third>]');
    expect(m.features.slash_commands.find((c) => c.command === '/search')!.usage_hint).toBe('<what it should do> [type] [free] [max-price] [limit]');
    // Slack passes one text: the hint shows how options are written in it
    expect(m.features.slash_commands.find((c) => c.command === '/subscribe')!.usage_hint).toMatch(/^<product \| category:<name> \| top:<N>\[:<category>\]> \[min-change:2 or 5pt\] \[mode:daily\]/);
    expect(m.features.slash_commands.find((c) => c.command === '/unsubscribe')!.usage_hint).toBe('<target | number from /subscriptions | all>');
    expect(m.oauth_config.scopes.bot).toEqual(expect.arrayContaining(['commands', 'chat:write', 'app_mentions:read']));
    expect(m.settings.event_subscriptions.bot_events).toEqual(expect.arrayContaining(['app_mention', 'app_home_opened']));
    expect(m.settings.socket_mode_enabled).toBe(true);
    expect(m.settings.interactivity.is_enabled).toBe(true);
    expect(m.features.app_home.home_tab_enabled).toBe(true);
    expect(m.features.bot_user.display_name).toBe('Matchgraph');
  });

  it('points every request URL at /slack/events in HTTP mode', () => {
    const m = slackManifest({ baseUrl: 'https://bot.example.com/' });
    const url = 'https://bot.example.com/slack/events';
    expect(m.settings.socket_mode_enabled).toBe(false);
    expect(m.settings.event_subscriptions.request_url).toBe(url);
    expect(m.settings.interactivity.request_url).toBe(url);
    expect(m.settings.interactivity.message_menu_options_url).toBe(url);
    for (const c of m.features.slash_commands) expect(c.url).toBe(url);
    expect(() => slackManifest({ socketMode: false })).toThrow(/base URL/);
  });

  it('reads the mode from arguments or SLACK_PUBLIC_URL', () => {
    expect(manifestOptionsFromArgs([], {})).toMatchObject({ baseUrl: undefined, socketMode: undefined });
    expect(manifestOptionsFromArgs(['--url', 'https://a.dev'], {})).toMatchObject({ baseUrl: 'https://a.dev' });
    expect(manifestOptionsFromArgs(['--url=https://b.dev', '--out', '/tmp/x.yml'], {})).toMatchObject({ baseUrl: 'https://b.dev', out: '/tmp/x.yml' });
    expect(manifestOptionsFromArgs([], { SLACK_PUBLIC_URL: 'https://c.dev' })).toMatchObject({ baseUrl: 'https://c.dev' });
    expect(manifestOptionsFromArgs(['--socket'], { SLACK_PUBLIC_URL: 'https://c.dev' })).toMatchObject({ socketMode: true });
  });

  it('writes YAML that keeps strings intact', () => {
    expect(toYaml({ a: 'plain', b: 'needs: quoting', c: 'true', d: true, e: ['x', 'y: z'], f: [{ g: 1, h: '#x' }], i: [] })).toBe(
      'a: plain\nb: "needs: quoting"\nc: "true"\nd: true\ne:\n  - x\n  - "y: z"\nf:\n  - g: 1\n    h: "#x"\ni: []\n',
    );
    const yaml = manifestYaml({ baseUrl: 'https://bot.example.com' });
    expect(yaml).toContain('\n    - command: /compare\n');
    expect(yaml).toContain('      usage_hint: "<first> vs <second> [vs <third>]"\n');
    expect(yaml).toContain('\n  socket_mode_enabled: false\n');
    expect(yaml).toContain('    request_url: https://bot.example.com/slack/events\n');
    expect(yaml).not.toContain('undefined');
  });

  it('npm run slack:manifest writes the file', () => {
    const out = join(mkdtempSync(join(tmpdir(), 'mg-manifest-')), 'manifest.yml');
    execFileSync(process.execPath, ['--import', 'tsx', 'src/platforms/slack/manifest.ts', '--out', out], { stdio: 'pipe' });
    const text = readFileSync(out, 'utf8');
    expect(text).toContain('socket_mode_enabled: true');
    for (const c of ALL_SLASH) expect(text).toContain(`- command: /${c.name}\n`);
  });
});
