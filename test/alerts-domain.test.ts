import { describe, expect, it } from 'vitest';
import { diffRuns } from '../src/core/alerts/diff.js';
import { buildAlertMessage, changeLine, plainLines } from '../src/core/alerts/format.js';
import { evaluateChange, planAlerts, type AlertStateEntry } from '../src/core/alerts/match.js';
import { afterQuietHours, alertSlot, digestDueAt, localTime } from '../src/core/alerts/schedule.js';
import {
  formatTarget,
  parseCanonicalTarget,
  parseCooldown,
  parseMinChange,
  parseQuietHours,
  parseTargetText,
  resolveCategory,
} from '../src/core/alerts/target.js';
import type { AlertPayload, ProductSnap, RunSnapshot, Subscription, SubscriptionOptions, Target } from '../src/core/alerts/types.js';
import { parseAlertCompareId, renderDiscordAlert } from '../src/platforms/discord/alerts.js';
import { renderSlackAlert, slackEscape } from '../src/platforms/slack/alerts.js';
import { OPTS } from './alerts-fixtures.js';

function snap(id: string, categoryPos: number, overall: number, score: number, over: Partial<ProductSnap> = {}): ProductSnap {
  return {
    id,
    name: id.toUpperCase(),
    type: 'model',
    category: 'Text models',
    score,
    overall,
    ofOverall: 10,
    categoryPos,
    ofCategory: 10,
    price: { model: 'paid', promptPerToken: 1e-6, completionPerToken: 4e-6, startingAmount: 1e-6, startingUnit: 'per prompt token' },
    ...over,
  };
}

function run(runId: number, at: string, snaps: ProductSnap[]): RunSnapshot {
  return { runId, at, configVersion: 'v1', products: new Map(snaps.map((s) => [s.id, s])) };
}


function sub(id: number, target: Target, options: Partial<SubscriptionOptions> = {}): Subscription {
  return {
    id,
    platform: 'discord',
    workspaceId: 'g',
    channelId: `c${id}`,
    target,
    targetLabel: formatTarget(target),
    options: { ...OPTS, ...options },
    createdBy: 'u',
    status: 'active',
    disabledReason: null,
    disabledDetail: null,
    disabledAt: null,
    createdAt: '2026-11-01T00:00:00Z',
    updatedAt: '2026-11-01T00:00:00Z',
    lastAlertAt: null,
    lastAlertSummary: null,
    failureCount: 0,
  };
}

describe('targets and options', () => {
  it('parses products, categories and top N', () => {
    expect(parseTargetText('claude sonnet')).toEqual({ ok: true, value: { kind: 'product', query: 'claude sonnet' } });
    expect(parseTargetText('category:Text models')).toEqual({ ok: true, value: { kind: 'category', category: 'Text models' } });
    expect(parseTargetText('top:10')).toEqual({ ok: true, value: { kind: 'top', n: 10, category: null } });
    expect(parseTargetText('top:5:Coding')).toEqual({ ok: true, value: { kind: 'top', n: 5, category: 'Coding' } });
    expect(parseTargetText('top 3 in Text models')).toEqual({ ok: true, value: { kind: 'top', n: 3, category: 'Text models' } });
    expect(parseTargetText('top:0').ok).toBe(false);
    expect(parseTargetText('top:1000').ok).toBe(false);
    expect(parseTargetText('category:').ok).toBe(false);
    expect(parseTargetText('   ').ok).toBe(false);
  });

  it('round-trips canonical targets, including category names with colons', () => {
    for (const t of [
      { kind: 'product', productId: 'meta-llama/llama-3.2-1b-instruct' },
      { kind: 'category', category: 'Text: chat' },
      { kind: 'top', n: 10, category: null },
      { kind: 'top', n: 3, category: 'A:B' },
    ] as Target[])
      expect(parseCanonicalTarget(formatTarget(t))).toEqual(t);
  });

  it('resolves categories loosely', () => {
    const cats = ['Coding', 'Image models', 'Text models'];
    expect(resolveCategory(cats, 'text')).toBe('Text models');
    expect(resolveCategory(cats, 'IMAGE-models')).toBe('Image models');
    expect(resolveCategory(cats, 'audio')).toBeNull();
  });

  it('parses minimum change, quiet hours and cooldowns', () => {
    expect(parseMinChange('3')).toEqual({ ok: true, value: { value: 3, unit: 'positions' } });
    expect(parseMinChange('2.5pt')).toEqual({ ok: true, value: { value: 2.5, unit: 'points' } });
    expect(parseMinChange('5 points')).toEqual({ ok: true, value: { value: 5, unit: 'points' } });
    expect(parseMinChange('1.5').ok).toBe(false);
    expect(parseMinChange('0').ok).toBe(false);
    expect(parseQuietHours('22:00-07:00')).toEqual({ ok: true, value: { start: 1320, end: 420 } });
    expect(parseQuietHours('22-7')).toEqual({ ok: true, value: { start: 1320, end: 420 } });
    expect(parseQuietHours('off')).toEqual({ ok: true, value: null });
    expect(parseQuietHours('25:00-07:00').ok).toBe(false);
    expect(parseCooldown('6h')).toEqual({ ok: true, value: 360 });
    expect(parseCooldown('1d')).toEqual({ ok: true, value: 1440 });
    expect(parseCooldown('30')).toEqual({ ok: true, value: 30 });
    expect(parseCooldown('30d').ok).toBe(false);
  });
});

describe('schedule', () => {
  const ms = (iso: string) => Date.parse(iso);

  it('moves alerts out of quiet hours, across midnight and in the local time zone', () => {
    const q = { start: 22 * 60, end: 7 * 60 };
    expect(afterQuietHours(ms('2026-11-20T12:00:00Z'), 'UTC', q)).toBe(ms('2026-11-20T12:00:00Z'));
    expect(afterQuietHours(ms('2026-11-20T23:30:00Z'), 'UTC', q)).toBe(ms('2026-11-21T07:00:00Z'));
    expect(afterQuietHours(ms('2026-11-21T03:15:30Z'), 'UTC', q)).toBe(ms('2026-11-21T07:00:00Z'));
    // 22:30 UTC is 23:30 in Berlin (UTC+1 in November): quiet until 07:00 Berlin = 06:00 UTC
    expect(afterQuietHours(ms('2026-11-20T22:30:00Z'), 'Europe/Berlin', q)).toBe(ms('2026-11-21T06:00:00Z'));
    expect(localTime(ms('2026-11-20T22:30:00Z'), 'Europe/Berlin')).toMatchObject({ minute: 23 * 60 + 30, date: '2026-11-20' });
  });

  it('collects a day of daily alerts into one digest per channel', () => {
    const ref = { platform: 'slack' as const, workspaceId: 'T', channelId: 'C' };
    const a = alertSlot(ref, 5, 'daily', ms('2026-11-20T10:00:00Z'), 'UTC', null);
    const b = alertSlot(ref, 6, 'daily', ms('2026-11-21T08:59:00Z'), 'UTC', null);
    const c = alertSlot(ref, 7, 'daily', ms('2026-11-21T09:00:01Z'), 'UTC', null);
    expect(a.dueAt).toBe(ms('2026-11-21T09:00:00Z'));
    expect(b.groupKey).toBe(a.groupKey);
    expect(c.groupKey).not.toBe(a.groupKey);
    expect(digestDueAt(ms('2026-11-21T09:00:00Z'), 'UTC', null)).toBe(ms('2026-11-21T09:00:00Z'));
    const i1 = alertSlot(ref, 5, 'instant', ms('2026-11-20T10:00:00Z'), 'UTC', null);
    expect(i1).toEqual({ dueAt: ms('2026-11-20T10:00:00Z'), groupKey: 'i:5:slack:T:C' });
  });
});

describe('run diff', () => {
  it('counts a move only when a product passed another, not when one was inserted above', () => {
    const prev = run(1, '2026-11-20T10:00:00Z', [snap('a', 1, 1, 80), snap('b', 2, 2, 70), snap('c', 3, 3, 60), snap('d', 4, 4, 50)]);
    // "n" is new at #2; d overtakes c
    const cur = run(2, '2026-11-20T11:00:00Z', [snap('a', 1, 1, 80), snap('n', 2, 2, 75), snap('b', 3, 3, 70), snap('d', 4, 4, 65), snap('c', 5, 5, 60)]);
    const d = diffRuns(prev, cur);
    expect(d.byId.get('b')).toMatchObject({ upCategory: false, downCategory: false });
    expect(d.byId.get('d')).toMatchObject({ upCategory: true, overtook: { id: 'c', name: 'C' } });
    expect(d.byId.get('c')).toMatchObject({ downCategory: true, overtakenBy: { id: 'd', name: 'D' } });
    expect(d.byId.get('n')).toMatchObject({ newInCategory: true, before: null });
    expect(d.byId.has('a')).toBe(false);
    expect(d.summary).toMatchObject({ added: 1, newInCategory: 1, movedCategory: 2 });
  });

  it('reports price changes only when both runs know the price', () => {
    const cheaper = { model: 'paid' as const, promptPerToken: 5e-7, completionPerToken: 4e-6, startingAmount: 5e-7, startingUnit: 'per prompt token' };
    const prev = run(1, '2026-11-20T10:00:00Z', [snap('a', 1, 1, 80), snap('b', 2, 2, 70, { price: null })]);
    const cur = run(2, '2026-11-20T11:00:00Z', [snap('a', 1, 1, 80, { price: cheaper }), snap('b', 2, 2, 70, { price: cheaper })]);
    const d = diffRuns(prev, cur);
    expect(d.byId.get('a')?.priceChanged).toBe(true);
    expect(d.byId.has('b')).toBe(false);
  });
});

describe('matching changes to subscriptions', () => {
  const prev = run(1, '2026-11-20T10:00:00Z', [
    snap('a', 1, 1, 80),
    snap('b', 2, 2, 70),
    snap('c', 3, 3, 60),
    snap('d', 4, 4, 50),
    snap('e', 5, 5, 40),
    snap('x', 1, 6, 30, { category: 'Coding' }),
  ]);
  // e jumps to #2 (passing b, c, d); d stays #5 after falling one
  const cur = run(2, '2026-11-20T11:00:00Z', [
    snap('a', 1, 1, 80),
    snap('e', 2, 2, 76),
    snap('b', 3, 3, 70),
    snap('c', 4, 4, 60),
    snap('d', 5, 5, 50),
    snap('x', 1, 6, 30, { category: 'Coding' }),
  ]);
  const diff = diffRuns(prev, cur);

  it('gives each target what it watches, filtered by minimum change', () => {
    const subs = [
      sub(1, { kind: 'product', productId: 'e' }),
      sub(2, { kind: 'category', category: 'Text models' }, { minChange: 2 }),
      sub(3, { kind: 'top', n: 3, category: null }),
      sub(4, { kind: 'category', category: 'Coding' }),
      sub(5, { kind: 'product', productId: 'e' }, { minChange: 4 }),
    ];
    const plan = planAlerts(diff, subs, []);
    const by = new Map(plan.alerts.map((a) => [a.subscription.id, a.payload.changes.map((c) => `${c.productId}:${c.kinds.join('+')}`)]));
    expect(by.get(1)).toEqual(['e:moved_category+moved_overall']);
    expect(by.get(2)).toEqual(['e:moved_category']);
    expect(by.get(3)).toEqual(['e:entered_top', 'c:left_top', 'b:moved_overall']);
    expect(by.has(4)).toBe(false);
    expect(by.has(5)).toBe(false);
  });

  it('uses score points when the minimum change is in points', () => {
    const plan = planAlerts(diff, [sub(1, { kind: 'category', category: 'Text models' }, { minChange: 30, minChangeUnit: 'points' })], []);
    expect(plan.alerts[0]!.payload.changes.map((c) => [c.productId, c.kinds])).toEqual([['e', ['score']]]);
    expect(planAlerts(diff, [sub(1, { kind: 'product', productId: 'e' }, { minChange: 40, minChangeUnit: 'points' })], []).alerts).toEqual([]);
  });

  it('holds a change for confirmation and sends it when the next run still shows it', () => {
    const s = sub(7, { kind: 'product', productId: 'e' }, { confirm: true });
    const first = planAlerts(diff, [s], []);
    expect(first.alerts).toEqual([]);
    expect(first.states).toEqual([
      expect.objectContaining({ subscriptionId: 7, productId: 'e', hold: expect.objectContaining({ reason: 'confirm', runId: 2, baseline: prev.products.get('e') }) }),
    ]);
    // run 3: nothing moved since run 2, so the change held: confirmed, reported from the baseline (#5) to now (#2)
    const run3 = run(3, '2026-11-20T12:00:00Z', [...cur.products.values()]);
    const second = planAlerts(diffRuns(cur, run3), [s], first.states);
    expect(second.alerts).toHaveLength(1);
    const change = second.alerts[0]!.payload.changes[0]!;
    expect([change.before?.categoryPos, change.after?.categoryPos]).toEqual([5, 2]);
    // the hold is cleared
    expect(second.states).toEqual([{ subscriptionId: 7, productId: 'e', lastAlertAt: null, hold: null }]);
  });

  it('drops a held change that reverted on the next run', () => {
    const s = sub(7, { kind: 'product', productId: 'e' }, { confirm: true });
    const first = planAlerts(diff, [s], []);
    const back = run(3, '2026-11-20T12:00:00Z', [...prev.products.values()]);
    const second = planAlerts(diffRuns(cur, back), [s], first.states);
    // the revert is itself a fresh change (e fell #2 -> #5), held for confirmation in turn
    expect(second.alerts).toEqual([]);
    expect(second.states).toEqual([expect.objectContaining({ productId: 'e', hold: expect.objectContaining({ reason: 'confirm', runId: 3 }) })]);
  });

  it('keeps changes back during a cooldown and reports them against the old baseline afterwards', () => {
    const s = sub(8, { kind: 'product', productId: 'e' }, { cooldownMinutes: 120 });
    const recently: AlertStateEntry = { subscriptionId: 8, productId: 'e', lastAlertAt: '2026-11-20T10:30:00Z', hold: null };
    const during = planAlerts(diff, [s], [recently]);
    expect(during.alerts).toEqual([]);
    expect(during.held).toBe(1);
    const held = during.states[0]!;
    expect(held.hold).toMatchObject({ reason: 'cooldown', runId: 2 });
    // three hours later, after another quiet run, the held change goes out from #5 to #2
    const later = run(3, '2026-11-20T13:30:00Z', [...cur.products.values()]);
    const after = planAlerts(diffRuns(cur, later), [s], [held]);
    expect(after.alerts).toHaveLength(1);
    expect(after.alerts[0]!.payload.changes[0]).toMatchObject({ productId: 'e', before: { categoryPos: 5 }, after: { categoryPos: 2 } });
    expect(after.states).toEqual([{ subscriptionId: 8, productId: 'e', lastAlertAt: later.at, hold: null }]);
  });

  it('evaluates a single product pair without a diff for held baselines', () => {
    const c = evaluateChange(sub(1, { kind: 'top', n: 2, category: 'Text models' }), { kind: 'top', n: 2, category: 'Text models' }, prev.products.get('e')!, cur.products.get('e')!);
    expect(c?.kinds).toEqual(['entered_top']);
  });
});

describe('alert wording and rendering', () => {
  const before = snap('claude', 5, 12, 71.2, { name: 'Claude Sonnet 4.5' });
  const after = snap('claude', 3, 9, 76.4, { name: 'Claude Sonnet 4.5' });

  it('says what moved in one compact line', () => {
    const line = changeLine({
      productId: 'claude',
      name: 'Claude Sonnet 4.5',
      category: 'Text models',
      kinds: ['moved_category'],
      before,
      after,
      top: null,
      overtook: null,
      overtakenBy: null,
    });
    expect(`${line.name} ${line.text}`).toBe('Claude Sonnet 4.5 moved #5 → #3 in Text models · UnfragileRank 71 → 76');
  });

  const payload = (subscriptionId: number, runId: number, name: string): AlertPayload => ({
    v: 1,
    subscriptionId,
    target: 'category:Text models',
    targetLabel: 'Text models',
    runId,
    at: '2026-11-20T11:00:00Z',
    mode: 'instant',
    changes: [
      {
        productId: 'claude',
        name,
        category: 'Text models',
        kinds: ['moved_category'],
        before,
        after,
        top: null,
        overtook: { id: 'gpt', name: 'GPT <@everyone>' },
        overtakenBy: null,
      },
    ],
    omitted: 0,
  });

  it('merges the same change from two subscriptions of one channel into one line', () => {
    const m = buildAlertMessage([payload(1, 2, 'Claude Sonnet 4.5'), payload(2, 2, 'Claude Sonnet 4.5')]);
    expect(plainLines(m)).toEqual(['Claude Sonnet 4.5 moved #5 → #3 in Text models · UnfragileRank 71 → 76']);
    expect(m.compares).toEqual([{ a: { id: 'claude', name: 'Claude Sonnet 4.5' }, b: { id: 'gpt', name: 'GPT <@everyone>' } }]);
  });

  it('escapes catalog text for Discord and allows no mentions', () => {
    const m = buildAlertMessage([payload(1, 2, '**Bold** _model_ @everyone')]);
    const body = renderDiscordAlert(m, 'n'.repeat(40));
    expect(body.allowed_mentions).toEqual({ parse: [] });
    expect(body.enforce_nonce).toBe(true);
    expect(body.nonce).toHaveLength(25);
    expect(body.content).toContain('\\*\\*Bold\\*\\* \\_model\\_');
    const button = (body.components as Array<{ components: Array<{ custom_id: string; label: string }> }>)[0]!.components[0]!;
    expect(parseAlertCompareId(button.custom_id)).toEqual(['claude', 'gpt']);
    expect(button.label.length).toBeLessThanOrEqual(80);
  });

  it('stays within Discord and Slack limits and says how many changes were left out', () => {
    const many: AlertPayload = { ...payload(1, 2, 'x'), changes: [], omitted: 7 };
    for (let i = 0; i < 80; i++)
      many.changes.push({ ...payload(1, 2, `Model ${i} ${'long name '.repeat(20)}`).changes[0]!, productId: `p${i}` });
    const m = buildAlertMessage([many]);
    const d = renderDiscordAlert(m, 'abc');
    expect(d.content!.length).toBeLessThanOrEqual(2000);
    expect(d.content).toMatch(/…and \d+ more changes$/);
    const s = renderSlackAlert(m);
    expect(s.blocks.length).toBeLessThanOrEqual(50);
    const sections = s.blocks.filter((b) => b.type === 'section');
    expect(sections.length).toBeGreaterThan(0);
    for (const b of sections) expect(b.text!.text.length).toBeLessThanOrEqual(3000);
    expect(JSON.stringify(s.blocks)).toContain('…and 57 more changes');
  });

  it('escapes &, < and > for Slack so catalog text cannot mention or link', () => {
    expect(slackEscape('<!channel> A&B <https://x|y>')).toBe('&lt;!channel&gt; A&amp;B &lt;https://x|y&gt;');
    const s = renderSlackAlert(buildAlertMessage([payload(1, 2, '<!here> Claude')]));
    const text = JSON.stringify(s);
    expect(text).not.toContain('<!here>');
    expect(text).toContain('&lt;!here&gt; Claude');
  });
});

describe('rate limiter', () => {
  it('paces a platform limit evenly and lets a channel limit burst, never more than the limit per window', async () => {
    const { WindowLimiter } = await import('../src/alerts/rate-limit.js');
    const maxInWindow = (ts: number[], w: number) => {
      let max = 0;
      for (let a = 0, b = 0; b < ts.length; b++) {
        while (ts[b]! - ts[a]! >= w) a++;
        max = Math.max(max, b - a + 1);
      }
      return max;
    };
    const paced = new WindowLimiter(50, 1000, true, 0.05);
    const p = Array.from({ length: 200 }, () => paced.reserve(0));
    expect(p[1]! - p[0]!).toBeCloseTo(21, 6);
    expect(maxInWindow(p, 1000)).toBeLessThanOrEqual(48);
    const burst = new WindowLimiter(5, 5000, false, 0.05);
    const b = Array.from({ length: 12 }, () => burst.reserve(0));
    expect(b.slice(0, 6)).toEqual([0, 0, 0, 0, 0, 5250]);
    expect(maxInWindow(b, 5000)).toBe(5);
    burst.pauseUntil(20_000);
    expect(burst.reserve(0)).toBe(20_000);
  });
});
