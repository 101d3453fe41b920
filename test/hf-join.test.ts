import { describe, expect, it } from 'vitest';
import type { Evidence, Product } from '../src/core/domain.js';
import { buildCatalog, DEFAULT_SOURCES_DIR } from '../src/importers/build.js';
import { ImportValidationError } from '../src/importers/errors.js';
import { joinHuggingFace } from '../src/importers/hf-join.js';
import type { HfModel } from '../src/importers/huggingface-trending.js';

const hf = (id: string, downloads: number, likes = 1) => ({ id, downloads, likes }) as HfModel;
const product = (id: string) => ({ id }) as Product;

describe('Hugging Face downloads joined to products by the curated table', () => {
  const rows = [hf('acme/Paint-1', 100), hf('acme/Paint-2', 50), hf('acme/Other', 7), hf('fam/A', 3), hf('fam/B', 4)];

  it('joins exact repositories and whole organisations, one downloads and likes row per repository', () => {
    const out = joinHuggingFace([product('paint'), product('family')], [], rows, {
      paint: { repos: ['acme/paint-1', 'acme/Paint-2'], reason: 'the open weights of Paint' },
      family: { repos: ['fam/*'], reason: 'the listing is the fam model family' },
    }, '2026-05-04');
    const downloads = out.evidence.filter((e) => e.kind === 'hf_downloads').map((e) => [e.productId, e.detail, e.value]);
    expect(downloads).toEqual([
      ['paint', 'acme/Paint-1', 100],
      ['paint', 'acme/Paint-2', 50],
      ['family', 'fam/A', 3],
      ['family', 'fam/B', 4],
    ]);
    expect(out.evidence.filter((e) => e.kind === 'hf_likes')).toHaveLength(4);
    expect(out.evidence.every((e) => e.source === 'huggingface' && e.date === '2026-05-04')).toBe(true);
  });

  it('does not add a repository the product already has evidence for', () => {
    const existing: Evidence[] = [{ productId: 'paint', kind: 'hf_downloads', value: 100, source: 'huggingface', date: '2026-05-04', detail: 'acme/Paint-1' }];
    const out = joinHuggingFace([product('paint')], existing, rows, { paint: { repos: ['acme/Paint-1', 'acme/Paint-2'], reason: 'the open weights of Paint' } }, 'd');
    expect(out.evidence.filter((e) => e.kind === 'hf_downloads').map((e) => e.detail)).toEqual(['acme/Paint-2']);
  });

  it('an unknown product id fails the build, naming the id', () => {
    expect(() => joinHuggingFace([product('paint')], [], rows, { nope: { repos: ['acme/Paint-1'], reason: 'a product that is not there' } }, 'd')).toThrow(ImportValidationError);
  });

  it('on the shipped catalog: Flux, Stable Diffusion, Whisper and Llama 3.1 8B carry the downloads of their own checkpoints', () => {
    const build = buildCatalog({ dir: DEFAULT_SOURCES_DIR });
    const sum = (id: string) => build.evidence.filter((e) => e.productId === id && e.kind === 'hf_downloads').reduce((n, e) => n + e.value, 0);
    const repos = (id: string) => build.evidence.filter((e) => e.productId === id && e.kind === 'hf_downloads').map((e) => e.detail);
    expect(repos('flux')).toContain('black-forest-labs/FLUX.1-dev');
    expect(sum('flux')).toBeGreaterThan(2_000_000);
    expect(repos('stable-diffusion')).toEqual(expect.arrayContaining(['stabilityai/stable-diffusion-xl-base-1.0', 'stable-diffusion-v1-5/stable-diffusion-v1-5']));
    expect(repos('whisper')).toEqual(expect.arrayContaining(['openai/whisper-large-v3', 'openai/whisper-large-v3-turbo']));
    expect(build.products.find((p) => p.id === 'flux')!.provenance.sources).toContain('huggingface');
    // OpenRouter names Llama 3.1 8B by its repository's old name; the curated line joins its downloads under the new one
    expect(repos('meta-llama/llama-3.1-8b-instruct')).toEqual(['meta-llama/Llama-3.1-8B-Instruct']);
    expect(sum('meta-llama/llama-3.1-8b-instruct')).toBeGreaterThan(9_000_000);
  });
});
