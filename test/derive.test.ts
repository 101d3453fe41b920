import { describe, expect, it } from 'vitest';
import type { Evidence } from '../src/core/domain.js';
import { SCORING_CONFIG } from '../src/core/scoring/config.js';
import { calibrateQuality, withDerivedEvidence, type DerivableProduct } from '../src/core/scoring/derive.js';
import { normaliseGroup, runScoring } from '../src/core/scoring/engine.js';
import { verdict } from '../src/core/scoring/verdict.js';

const REF = SCORING_CONFIG.qualityScale.reference;
const AT = new Date('2026-12-01T00:00:00Z');
const TODAY = '2026-12-01';

function model(id: string): DerivableProduct & { category: string } {
  return { id, type: 'model', category: 'Text models' };
}

function arena(id: string, value: number, date = TODAY): Evidence {
  return { productId: id, kind: 'arena_rating', value, source: 'lmarena', date, detail: REF };
}

function bench(id: string, value: number, detail = 'Bench A', date = TODAY): Evidence {
  return { productId: id, kind: 'benchmark', value, source: 'models-dev', date, detail };
}

/** Six models with both an arena rating and a benchmark that is an exact linear function of it. */
function linkedSet(): { products: Array<DerivableProduct & { category: string }>; evidence: Evidence[] } {
  const products = ['a', 'b', 'c', 'd', 'e', 'f'].map(model);
  const evidence: Evidence[] = [];
  products.forEach((p, i) => {
    const rating = 1200 + 50 * i;
    evidence.push(arena(p.id, rating), bench(p.id, (rating - 1000) / 10));
  });
  return { products, evidence };
}

describe('quality scale: arena ratings and benchmarks on one scale', () => {
  it('links a benchmark to the arena scale through the models that have both (mean-sigma linking)', () => {
    const { products, evidence } = linkedSet();
    const { calibration } = calibrateQuality(products, evidence, SCORING_CONFIG);
    expect(calibration.links).toHaveLength(1);
    const link = calibration.links[0]!;
    expect(link).toMatchObject({ series: 'Bench A', via: 'reference', overlap: 6 });
    // rating = 1000 + 10 * score exactly
    expect(link.slope).toBeCloseTo(10, 9);
    expect(link.intercept).toBeCloseTo(1000, 9);
    expect(link.r).toBeCloseTo(1, 9);
  });

  it('places a model with only a benchmark where models with that benchmark sit on the arena scale', () => {
    const { products, evidence } = linkedSet();
    products.push(model('new'));
    // a benchmark score above every linked model: it lands above them on the arena scale
    evidence.push(bench('new', 60));
    const rows = withDerivedEvidence(products, evidence, AT, SCORING_CONFIG).filter((e) => e.kind === 'quality_index');
    const byId = new Map(rows.map((r) => [r.productId, r]));
    expect(byId.get('new')!.value).toBe(1600);
    expect(byId.get('new')!.note).toBe('Bench A 60 ≈ 1600');
    const run = new Map(runScoring({ products, evidence, edges: [], at: AT }).scores.map((s) => [s.productId, s]));
    // the newest model, with benchmarks only, is not penalised for its missing arena rating
    expect(run.get('new')!.signals.quality.value).toBe(100);
    expect(run.get('new')!.signals.quality.value!).toBeGreaterThan(run.get('f')!.signals.quality.value!);
  });

  it('does not link a series too few models share, nor one that disagrees with the reference', () => {
    const products = ['a', 'b', 'c', 'd', 'e', 'f', 'g'].map(model);
    const evidence: Evidence[] = [];
    products.forEach((p, i) => {
      evidence.push(arena(p.id, 1200 + 40 * i), bench(p.id, 90 - 5 * i, 'Inverse'));
      if (i < 3) evidence.push(bench(p.id, 10 * i, 'Rare'));
    });
    const { calibration } = calibrateQuality(products, evidence, SCORING_CONFIG);
    expect(calibration.links).toEqual([]);
    expect(calibration.unlinked.map((u) => u.series)).toEqual(['Inverse', 'Rare']);
    expect(calibration.unlinked[0]!.reason).toMatch(/does not agree with the reference/);
    expect(calibration.unlinked[1]!.reason).toMatch(/needs 6/);
  });

  it('weighs older observations less: a year-old rating counts half as much as one of today', () => {
    const { products, evidence } = linkedSet();
    products.push(model('mixed'));
    const yearAgo = new Date(AT.getTime() - SCORING_CONFIG.qualityScale.halfLifeDays * 86_400_000).toISOString().slice(0, 10);
    evidence.push(arena('mixed', 1300, yearAgo), bench('mixed', 60));
    const link = calibrateQuality(products, evidence, SCORING_CONFIG).calibration.links[0]!;
    const viaBench = link.intercept + link.slope * 60;
    // the year-old rating weighs 0.5, today's benchmark its link's reliability (r²)
    const expected = (0.5 * 1300 + link.reliability * viaBench) / (0.5 + link.reliability);
    const row = withDerivedEvidence(products, evidence, AT, SCORING_CONFIG).find((e) => e.kind === 'quality_index' && e.productId === 'mixed')!;
    expect(row.value).toBe(Math.round(expected * 10) / 10);
    // the same rating made today pulls the index further toward it
    const fresh = evidence.map((e) => (e.productId === 'mixed' && e.kind === 'arena_rating' ? { ...e, date: TODAY } : e));
    const freshRow = withDerivedEvidence(products, fresh, AT, SCORING_CONFIG).find((e) => e.kind === 'quality_index' && e.productId === 'mixed')!;
    expect(freshRow.value).toBeLessThan(row.value);
    expect(row.items).toBe(2);
  });
});

describe('derived evidence for products and adoption', () => {
  it('a product takes the Quality of the best model it runs, at reduced confidence, and says which', () => {
    const { products, evidence } = linkedSet();
    const all = [...products, { id: 'app', type: 'product' as const, category: 'Chatbots', poweredBy: [{ modelId: 'b' }, { modelId: 'f' }] }];
    const run = new Map(runScoring({ products: all, evidence, edges: [], at: AT }).scores.map((s) => [s.productId, s]));
    const app = run.get('app')!;
    expect(app.signals.quality.value).toBe(run.get('f')!.signals.quality.value);
    expect(app.signals.quality.confidence).toBeLessThan(run.get('f')!.signals.quality.confidence);
    expect(app.signals.quality.evidence).toEqual([`runs f, whose Quality among models is ${run.get('f')!.signals.quality.value} (${TODAY})`]);
  });

  it('estimates arena votes from the rating interval: a narrower interval means more votes', () => {
    const products = [model('popular'), model('rare')];
    const evidence: Evidence[] = [
      { productId: 'popular', kind: 'arena_interval', value: 4, source: 'lmarena', date: TODAY, detail: REF },
      { productId: 'rare', kind: 'arena_interval', value: 20, source: 'lmarena', date: TODAY, detail: REF },
    ];
    const run = new Map(runScoring({ products, evidence, edges: [], at: AT }).scores.map((s) => [s.productId, s]));
    expect(run.get('popular')!.signals.adoption.value!).toBeGreaterThan(run.get('rare')!.signals.adoption.value!);
    expect(run.get('popular')!.signals.adoption.evidence[0]).toMatch(/interval ±4 points; a narrower interval means more votes/);
  });

  it('a list mention counts less the older its list is', () => {
    const products = [{ id: 'fresh', type: 'product' as const, category: 'Coding' }, { id: 'stale', type: 'product' as const, category: 'Coding' }];
    const evidence: Evidence[] = [
      { productId: 'fresh', kind: 'list_mentions', value: 1, source: 'list-a', date: '2026-11-01', detail: 'List A' },
      { productId: 'stale', kind: 'list_mentions', value: 1, source: 'list-b', date: '2024-11-01', detail: 'List B' },
    ];
    const run = new Map(runScoring({ products, evidence, edges: [], at: AT }).scores.map((s) => [s.productId, s]));
    expect(run.get('fresh')!.signals.adoption.value!).toBeGreaterThan(run.get('stale')!.signals.adoption.value!);
    expect(run.get('fresh')!.score).toBeGreaterThan(run.get('stale')!.score);
    // the evidence line says what the age does, in words a reader can check: two half-lives old counts a quarter
    const derived = withDerivedEvidence(products, evidence, AT, SCORING_CONFIG).filter((e) => e.kind === 'list_presence');
    expect(derived.find((e) => e.productId === 'stale')!.note).toBe('listed in List B; a listing 760 days old counts 24% of a new one');
  });
});

describe('products rated on a board of their own', () => {
  const BOARD = SCORING_CONFIG.qualityScale.ownScale[0]!;
  const MIN = SCORING_CONFIG.qualityScale.minOverlap;
  const rating = (id: string, value: number, note: string): Evidence => ({ productId: id, kind: 'arena_rating', value, source: 'lmarena', date: TODAY, detail: BOARD, note });
  const imageModel = (id: string) => ({ id, type: 'model' as const, category: 'Image models' });
  const imageProduct = (id: string) => ({ id, type: 'product' as const, category: 'Image' });

  /** two models and MIN - 2 products rated on the board, the products each by a model of theirs */
  function board(entries: number) {
    const models = [imageModel('m1'), imageModel('m2')];
    const products = Array.from({ length: entries - models.length }, (_, i) => imageProduct(`p${i + 1}`));
    const values = [1200, 1000, ...products.map((_, i) => 1150 - 60 * i)];
    const evidence = [...models, ...products].map((p, i) => rating(p.id, values[i]!, `${p.id}-v2`));
    return { products: [...models, ...products], evidence, values };
  }

  it(`places a product among every catalog entry rated on its board, models and products; a board with fewer than ${MIN} places no one`, () => {
    const { products, evidence, values } = board(MIN);
    const run = new Map(runScoring({ products, evidence, edges: [], at: AT }).scores.map((s) => [s.productId, s]));
    // the same place the engine would give it among all of them
    const placed = normaliseGroup(values);
    for (let i = 2; i < products.length; i++) {
      const q = run.get(products[i]!.id)!.signals.quality;
      expect(q.value, products[i]!.id).toBe(Math.round(placed[i]! * 10) / 10);
      // at the coverage a product's Quality from a model has
      const cfg = SCORING_CONFIG.evidence.quality.model_quality!;
      expect(q.confidence).toBeCloseTo(cfg.coverage! * (1 / (1 + SCORING_CONFIG.prior.strength)), 2);
    }
    // the evidence line names the board entry the product is rated by, and how many entries it sits among
    expect(run.get('p1')!.signals.quality.evidence[0]).toBe(
      `its own rating (${BOARD} 1150: p1-v2) places it at ${Math.round(placed[2]! * 10) / 10} among the ${MIN} models and products rated on that scale (${TODAY})`,
    );
    // the models are still normalised among models only: two of them place neither
    expect(run.get('m1')!.signals.quality.value).toBeNull();

    const small = board(MIN - 1);
    const thin = runScoring({ products: small.products, evidence: small.evidence, edges: [], at: AT }).scores;
    expect(thin.map((s) => s.signals.quality.value)).toEqual(thin.map(() => null));
  });

  it('on the shipped catalog: the image generators rated on the text-to-image board get a Quality, Flux above DALL-E', async () => {
    const { buildCatalog, DEFAULT_SOURCES_DIR } = await import('../src/importers/build.js');
    const build = buildCatalog({ dir: DEFAULT_SOURCES_DIR });
    const products = build.products.map((p) => ({ id: p.id, type: p.type, category: p.category, name: p.name, poweredBy: p.poweredBy }));
    const run = new Map(runScoring({ products, evidence: build.evidence, edges: [], at: AT }).scores.map((s) => [s.productId, s]));
    const quality = (id: string) => run.get(id)!.signals.quality;
    for (const id of ['flux', 'ideogram', 'imagen', 'stable-diffusion', 'recraft', 'dall-e']) expect(quality(id).value, id).not.toBeNull();
    // flux-2-pro 1150 and flux-2-flex 1156 against dall-e-3 978 on the board
    expect(quality('flux').value!).toBeGreaterThan(quality('dall-e').value!);
    expect(quality('flux').evidence[0]).toMatch(/^its own rating \(LMArena text-to-image 1156: flux-2-flex, best of \d+ entries\) places it at /);
  }, 60_000);
});

describe('"no data" and verdicts on thin evidence', () => {
  it('a signal without evidence is null, not 0, and its weight goes to the prior', () => {
    const { products, evidence } = linkedSet();
    const s = runScoring({ products, evidence, edges: [], at: AT }).scores.find((x) => x.productId === 'a')!;
    expect(s.signals.adoption).toEqual({ value: null, confidence: 0, evidence: [], kinds: [] });
    expect(s.breakdown.find((b) => b.part === 'adoption')).toMatchObject({ points: 0, note: 'no adoption evidence; its weight goes to the prior' });
  });

  it('names no leader on a signal one side has no evidence for', () => {
    const { products, evidence } = linkedSet();
    const all = [...products, { id: 'x', type: 'model' as const, category: 'Text models' }];
    const scores = runScoring({ products: all, evidence: [...evidence, { productId: 'x', kind: 'providers', value: 9, source: 's', date: TODAY }], edges: [], at: AT }).scores;
    const byId = new Map(scores.map((s) => [s.productId, s]));
    const v = verdict([
      { id: 'f', name: 'F', score: byId.get('f')! },
      { id: 'x', name: 'X', score: byId.get('x')! },
    ]);
    // f has quality and x does not: no one "leads on quality"
    expect(v.verdict).not.toMatch(/leads on quality|stronger on quality/);
  });

  it('says "not enough evidence to call" when both scores rest mostly on the prior', () => {
    const products = [{ id: 'p', type: 'product' as const, category: 'Coding' }, { id: 'q', type: 'product' as const, category: 'Coding' }];
    const evidence: Evidence[] = [{ productId: 'p', kind: 'list_mentions', value: 3, source: 'l', date: TODAY, detail: 'L' }];
    const byId = new Map(runScoring({ products, evidence, edges: [], at: AT }).scores.map((s) => [s.productId, s]));
    const v = verdict([
      { id: 'p', name: 'P', score: byId.get('p')! },
      { id: 'q', name: 'Q', score: byId.get('q')! },
    ]);
    expect(v.notEnoughEvidence).toBe(true);
    expect(v.call).toBe('not-enough-evidence');
    expect(v.verdict).toMatch(/^Not enough evidence to call: P at \d+\/100 and Q at \d+\/100 rest mostly on the prior/);
  });

  it('says what is and is not comparable when a model meets a product', () => {
    const { products, evidence } = linkedSet();
    const all = [...products, { id: 'app', type: 'product' as const, category: 'Chatbots', poweredBy: [{ modelId: 'f' }] }];
    const byId = new Map(runScoring({ products: all, evidence, edges: [], at: AT }).scores.map((s) => [s.productId, s]));
    const v = verdict([
      { id: 'a', name: 'Model A', score: byId.get('a')! },
      { id: 'app', name: 'App', score: byId.get('app')!, runs: 'Model F' },
    ]);
    expect(v.verdict).toContain('App is a product and Model A is a model: each score ranks it among its own type');
    expect(v.verdict).toContain('On quality, App is judged by the model it runs (Model F).');
  });
});
