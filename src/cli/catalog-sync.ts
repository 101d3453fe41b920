/**
 * `catalog sync <file-or-dir>`: new source data laid over the bundled data/sources, so a sync
 * may bring one file, a few source folders, or a whole data/sources tree.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { resolveSourcesDir } from '../importers/load.js';

export interface Overlay {
  /** a data/sources-shaped folder: the bundled files, with the given ones in their place */
  dir: string;
  /** "folder/file" entries taken from the input */
  replaced: string[];
  /** input folders that match no source (ignored) */
  ignored: string[];
  cleanup(): void;
}

function isDir(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}

/** Which bundled source folder a single file belongs to: its parent folder's name, else the only folder holding a file of that name. */
export function sourceFolderFor(file: string, bundled: string): string {
  const parent = basename(dirname(resolve(file)));
  const name = basename(file);
  const folders = readdirSync(bundled).filter((f) => isDir(join(bundled, f)));
  if (folders.includes(parent)) return parent;
  const holders = folders.filter((f) => existsSync(join(bundled, f, name)));
  if (holders.length === 1) return holders[0]!;
  throw new Error(
    holders.length
      ? `"${name}" exists in several sources (${holders.join(', ')}); put it in a folder named after its source, e.g. ${holders[0]}/${name}.`
      : `"${name}" matches no bundled source file; sources are: ${folders.join(', ')}.`,
  );
}

export function overlaySources(input: string, bundled: string): Overlay {
  const root = mkdtempSync(join(tmpdir(), 'matchgraph-sync-'));
  const dir = join(root, 'sources');
  mkdirSync(dir);
  const replaced: string[] = [];
  const ignored: string[] = [];
  const given = new Map<string, Map<string, string>>(); // folder -> entry -> path
  const abs = resolve(input);
  if (isDir(abs)) {
    const src = resolveSourcesDir(abs);
    for (const folder of readdirSync(src)) {
      const p = join(src, folder);
      if (!isDir(p)) continue;
      if (!isDir(join(bundled, folder))) {
        ignored.push(folder);
        continue;
      }
      given.set(folder, new Map(readdirSync(p).map((e) => [e, join(p, e)])));
    }
  } else if (existsSync(abs)) {
    const folder = sourceFolderFor(abs, bundled);
    given.set(folder, new Map([[basename(abs), abs]]));
  } else {
    rmSync(root, { recursive: true, force: true });
    throw new Error(`${input} does not exist.`);
  }
  for (const entry of readdirSync(bundled)) {
    const from = join(bundled, entry);
    const mine = given.get(entry);
    if (!mine) {
      symlinkSync(from, join(dir, entry));
      continue;
    }
    const target = join(dir, entry);
    mkdirSync(target);
    for (const e of readdirSync(from)) if (!mine.has(e)) symlinkSync(join(from, e), join(target, e));
    for (const [e, p] of mine) {
      symlinkSync(p, join(target, e));
      replaced.push(`${entry}/${e}`);
    }
  }
  return { dir, replaced: replaced.sort(), ignored, cleanup: () => rmSync(root, { recursive: true, force: true }) };
}

/** What a build over fresh data left out of the curated files, for the import and sync summaries. */
export function skippedLines(skipped: readonly string[]): string[] {
  if (!skipped.length) return [];
  return [`Left out ${skipped.length} curated reference(s) to entries the new data no longer has:`, ...skipped.map((s) => `  - ${s}`)];
}
