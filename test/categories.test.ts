import { describe, expect, it } from 'vitest';
import type { Product } from '../src/core/domain.js';
import { JOB_TAXONOMY } from '../src/core/jobs.js';
import { buildCatalog, DEFAULT_SOURCES_DIR, recategoriseByJob } from '../src/importers/build.js';
import { awesomeCategory, listingCategory, PRODUCT_CATEGORIES } from '../src/importers/products.js';
import { tagsFor } from '../src/core/capabilities.js';

describe('the category a product is listed under', () => {
  it('a job category from one list wins over "Agents" or "Other" from another', () => {
    expect(listingCategory(['Agents', 'Coding'])).toBe('Coding');
    expect(listingCategory(['Other', 'Agents'])).toBe('Agents');
    expect(listingCategory(['Other'])).toBe('Other');
    expect(listingCategory(['Image', 'Coding'])).toBe('Image');
  });

  it('the awesome lists\' "Developer tools" and "Local LLM Deployment" are developer tools, "Coding Assistants" is coding', () => {
    expect(awesomeCategory('Coding', 'Developer tools')).toBe('Developer tools');
    expect(awesomeCategory('Coding', 'Local LLM Deployment')).toBe('Developer tools');
    expect(awesomeCategory('Text', 'Developer tools')).toBe('Developer tools');
    expect(awesomeCategory('Coding', 'Coding Assistants')).toBe('Coding');
  });

  it('a product in a mixed category moves to the category of its job', () => {
    const base = { aliases: [], type: 'product', vendor: null, url: null, pricing: { model: null, startingPrice: null, promptPerToken: null, completionPerToken: null }, contextLength: null, inputModalities: [], outputModalities: [], supportedParameters: [], features: {}, providers: [], capabilities: [], provenance: { sources: [], fetchedAt: '2026-08-03' }, offers: [], poweredBy: [], rivals: [], facts: [], repository: null } as const;
    const products: Product[] = [
      { ...base, id: 'editor', name: 'Editor', category: 'Developer tools', description: 'An AI code editor with an AI pair programmer for code completion.' } as unknown as Product,
      { ...base, id: 'tracer', name: 'Tracer', category: 'Coding', description: 'Open source LLM observability: tracing, evals and prompt management for LLM apps.' } as unknown as Product,
      { ...base, id: 'painter', name: 'Painter', category: 'Image', description: 'An AI code editor with an AI pair programmer for code completion.' } as unknown as Product,
    ];
    const jobs = products.map((p) => JOB_TAXONOMY.jobOf(p)?.id);
    expect(jobs.slice(0, 2)).toEqual(['coding-assistant', 'llm-observability']);
    recategoriseByJob(products);
    expect(products.map((p) => p.category)).toEqual(['Coding', 'Developer tools', 'Image']);
  });

  it('on the shipped catalog: coding tools are in Coding, frameworks and runtimes in Developer tools, image generators in Image', () => {
    const byId = new Map(buildCatalog({ dir: DEFAULT_SOURCES_DIR }).products.map((p) => [p.id, p]));
    for (const id of ['claude-code', 'cursor', 'github-copilot', 'windsurf', 'gemini-cli', 'aider', 'tabnine']) expect(byId.get(id)?.category, id).toBe('Coding');
    for (const id of ['langchain', 'langfuse', 'llama-cpp', 'ollama', 'llamaindex', 'mlflow']) expect(byId.get(id)?.category, id).toBe('Developer tools');
    // image generators are ranked with image generators, whatever directory filed them under Design
    for (const id of ['adobe-firefly', 'midjourney', 'ideogram', 'leonardo-ai']) expect(byId.get(id)?.category, id).toBe('Image');
  });

  it("the directory's business categories stay apart: a legal research tool is not ranked with workout apps", () => {
    const byId = new Map(buildCatalog({ dir: DEFAULT_SOURCES_DIR }).products.map((p) => [p.id, p]));
    const expected: Record<string, string> = {
      'harvey-ai': 'Legal', casetext: 'Legal', fitbod: 'Health', 'ada-health': 'Health', bamboohr: 'Hiring', lever: 'Hiring',
      'zillow-zestimate': 'Real estate', 'wave-accounting': 'Finance', freshdesk: 'Customer support', 'zoho-desk': 'Customer support',
      cin7: 'Ecommerce',
    };
    for (const [id, category] of Object.entries(expected)) expect(byId.get(id)?.category, id).toBe(category);
    // no product is filed under the old catch-all
    expect([...byId.values()].filter((p) => p.category === 'Business').map((p) => p.id)).toEqual([]);
    for (const p of byId.values()) if (p.type === 'product') expect(PRODUCT_CATEGORIES, p.id).toContain(p.category);
  });

  it('what a category implies is what its products do: health apps do health and fitness, help desks customer support', () => {
    const byId = new Map(buildCatalog({ dir: DEFAULT_SOURCES_DIR }).products.map((p) => [p.id, p]));
    for (const id of ['fitbod', 'freeletics', 'headspace-ai', 'ada-health']) {
      const tags = tagsFor(byId.get(id)!);
      expect(tags, id).toContain('health');
      expect(tags, id).not.toContain('business');
    }
    for (const id of ['zoho-desk', 'help-scout']) expect(tagsFor(byId.get(id)!), id).toContain('customer-support');
    // "monitor system health", "SEO health monitoring" are not health care
    for (const id of ['new-relic', 'oncrawl']) expect(tagsFor(byId.get(id)!), id).not.toContain('health');
    expect(tagsFor(byId.get('nudge-ai')!)).toContain('health');
    expect(tagsFor(byId.get('harvey-ai')!)).toContain('business');
    // the capability line says where the tag came from when the listing's words do not state it
    expect(byId.get('fitbod')!.capabilities[0]).toMatchObject({ title: 'Health and fitness' });
    const fromCategory = [...byId.values()].flatMap((p) => p.capabilities.filter((c) => c.description.includes(' From its category, ')).map((c) => ({ p, c })));
    expect(fromCategory.length).toBeGreaterThan(0);
    for (const { p, c } of fromCategory) expect(c.description, p.id).toContain(`From its category, ${p.category}`);
  });
});
