/**
 * The job a product does ("coding assistant", "image generator", "AI assistant"), read from its
 * name and description by the keyword rules in data/jobs.json. Broad categories such as "Coding"
 * hold very different jobs (assistants, frameworks, local runtimes, app builders); /alternatives
 * lists products that do the same job first. Pure: products in, jobs out.
 */
import { z } from 'zod';
import JOBS_FILE from '../../data/jobs.json' with { type: 'json' };
import { CAPABILITY_TAGS, tagsFor } from './capabilities.js';
import { PRODUCT_TYPES, type Product } from './domain.js';
import { searchWords } from './search.js';

const TAG_IDS = CAPABILITY_TAGS.map((t) => t.tag) as [string, ...string[]];

/**
 * A phrase is lower-case words and digits separated by single spaces; a word ending in "*" matches
 * any word starting with it ("transcri*"), and "_" matches any one word ("series of _ models").
 */
const phraseSchema = z
  .string()
  .regex(/^(?:[a-z0-9]+\*?|_)(?: (?:[a-z0-9]+\*?|_))*$/, 'a phrase is lower-case words or digits, a word may end in "*", "_" is any one word');

const jobSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'a job id is a lower-case slug'),
    /** singular, as in "also a coding assistant" */
    label: z.string().min(3).max(40),
    types: z.array(z.enum(PRODUCT_TYPES)).min(1),
    /** when set, the phrases and tags only count for products in these categories */
    categories: z.array(z.string().min(1)).min(1).optional(),
    /**
     * The category a product doing this job is listed under when its lists file it under a broad
     * one (see RECATEGORISED in src/importers/build.ts): a coding assistant filed under
     * "Developer tools" or "Agents" belongs in "Coding".
     */
    listedUnder: z.string().min(1).optional(),
    phrases: z.array(phraseSchema).default([]),
    /** capability tags that mark the job (for models, whose descriptions vary) */
    tags: z.array(z.enum(TAG_IDS)).default([]),
    /** OSS Insight collections whose members do this job, used when no phrase or tag matches */
    collections: z.array(z.string().min(1)).default([]),
  })
  .strict()
  .refine((j) => j.phrases.length + j.tags.length + j.collections.length > 0, 'a job needs phrases, tags or collections');

const fileSchema = z
  .object({
    description: z.string().min(1),
    source: z.string().min(1),
    date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
    jobs: z.array(z.unknown()).min(1),
  })
  .strict();

export type JobRule = z.infer<typeof jobSchema>;

export interface JobRowError {
  /** "jobs[3]" or "file" */
  row: string;
  path: string;
  message: string;
}

export class JobTaxonomyError extends Error {
  constructor(readonly errors: JobRowError[]) {
    super(`data/jobs.json: ${errors.length} validation error${errors.length === 1 ? '' : 's'}\n${errors.map((e) => `  ${e.row}${e.path ? `.${e.path}` : ''}: ${e.message}`).join('\n')}`);
    this.name = 'JobTaxonomyError';
  }
}

interface CompiledJob {
  rule: JobRule;
  order: number;
  phrases: RegExp[];
  categories: Set<string> | null;
  types: Set<string>;
}

export interface JobTaxonomy {
  readonly jobs: readonly JobRule[];
  readonly date: string;
  /** the job of a product, or null when no rule says */
  jobOf(p: Product, collections?: readonly string[]): JobRule | null;
  byId(id: string): JobRule | undefined;
}

function phraseRegex(phrase: string): RegExp {
  const body = phrase
    .split(' ')
    .map((w) => (w === '_' ? '[^ ]+' : w.endsWith('*') ? `${w.slice(0, -1)}[^ ]*` : w))
    .join(' ');
  return new RegExp(`(?:^| )${body}(?= |$)`);
}

/** Name and description as space-separated lower-case words; link targets and URLs are left out. */
export function jobText(p: Product): string {
  const description = p.description.replace(/\]\([^)]*\)/g, '] ').replace(/https?:\/\/\S+/g, ' ');
  return searchWords(`${p.name} ${description}`).join(' ');
}

/**
 * Validates a taxonomy file: every row is checked and every problem is reported with its row, so
 * a malformed file is rejected as a whole.
 */
export function parseJobTaxonomy(raw: unknown): JobTaxonomy {
  const errors: JobRowError[] = [];
  const head = fileSchema.safeParse(raw);
  if (!head.success) {
    throw new JobTaxonomyError(head.error.issues.map((i) => ({ row: 'file', path: i.path.join('.'), message: i.message })));
  }
  const rules: JobRule[] = [];
  const seen = new Set<string>();
  head.data.jobs.forEach((row, i) => {
    const r = jobSchema.safeParse(row);
    if (!r.success) {
      for (const issue of r.error.issues) errors.push({ row: `jobs[${i}]`, path: issue.path.join('.'), message: issue.message });
      return;
    }
    if (seen.has(r.data.id)) errors.push({ row: `jobs[${i}]`, path: 'id', message: `duplicate job id "${r.data.id}"` });
    seen.add(r.data.id);
    rules.push(r.data);
  });
  if (errors.length) throw new JobTaxonomyError(errors);

  const compiled: CompiledJob[] = rules.map((rule, order) => ({
    rule,
    order,
    phrases: rule.phrases.map(phraseRegex),
    categories: rule.categories ? new Set(rule.categories) : null,
    types: new Set(rule.types),
  }));
  const byId = new Map(rules.map((r) => [r.id, r]));

  return {
    jobs: rules,
    date: head.data.date,
    byId: (id) => byId.get(id),
    jobOf(p, collections = []) {
      const text = jobText(p);
      const tags = new Set(tagsFor(p));
      let best: CompiledJob | null = null;
      let bestHits = 0;
      for (const job of compiled) {
        if (!job.types.has(p.type)) continue;
        if (job.categories && !job.categories.has(p.category)) continue;
        let hits = 0;
        for (const re of job.phrases) if (re.test(text)) hits++;
        for (const t of job.rule.tags) if (tags.has(t)) hits++;
        // most rules matched wins; a tie goes to the rule listed first (the more specific job)
        if (hits > bestHits) {
          best = job;
          bestHits = hits;
        }
      }
      if (best) return best.rule;
      if (collections.length === 0) return null;
      for (const job of compiled) {
        if (!job.types.has(p.type)) continue;
        if (job.rule.collections.some((c) => collections.includes(c))) return job.rule;
      }
      return null;
    },
  };
}

/** The shipped taxonomy (data/jobs.json); a malformed file fails at load with every row's error. */
export const JOB_TAXONOMY: JobTaxonomy = parseJobTaxonomy(JOBS_FILE);
