/**
 * The import graph of a TypeScript tree, read with the TypeScript parser, and the paths in it that reach a
 * forbidden package or directory. Used by test/architecture.test.ts.
 *
 * What counts as an edge (from a file to a module specifier):
 * - `import x from 'm'`, `import { a } from 'm'`, `import * as m from 'm'`, and `import { type A } from 'm'`
 *   (an inline `type` marker does not make the declaration type-only, so it is counted);
 * - side-effect imports: `import 'm'`;
 * - re-exports: `export * from 'm'`, `export * as n from 'm'`, `export { a } from 'm'`;
 * - dynamic `import('m')` and `require('m')` with a string literal (a dynamic import whose specifier is not a
 *   literal cannot be followed and is reported as an escape of its own);
 * - `import m = require('m')`.
 * Not counted, because the compiler erases them: `import type ...`, `export type ... from`,
 * `import type m = require(...)`, and `typeof import('m')` in type positions.
 *
 * Relative specifiers resolve as the compiler does for this project: `./a.js` to `./a.ts` (or `.tsx`, `.mts`,
 * `.d.ts`), an exact file name as is, an extensionless name to `name.ts`, and a directory to its `index.ts`.
 * A relative specifier that resolves to nothing is reported too: an unchecked edge would be a hole in the rule.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import ts from 'typescript';

export interface Rule {
  /** decides on a package name as packageName() gives it (`node:http` and `http` are different names) */
  isForbiddenPackage(name: string): boolean;
  /** directories, relative to the root, that no path may enter */
  forbiddenDirs: string[];
}

export interface Escape {
  /** the chain of files (relative to the root, `/`-separated) from a start file to the forbidden module */
  chain: string[];
  /** why the last element is an escape */
  reason: 'forbidden package' | 'forbidden directory' | 'unresolved import' | 'non-literal dynamic import';
}

export interface Graph {
  /** every file visited, relative to the root */
  files: string[];
  /** the escapes, one per (importing file, forbidden module) */
  escapes: Escape[];
}

const SOURCE_EXT = /\.(?:[cm]?ts|tsx)$/;

export function tsFiles(dir: string): string[] {
  return readdirSync(dir)
    .flatMap((f) => {
      const p = join(dir, f);
      return statSync(p).isDirectory() ? tsFiles(p) : SOURCE_EXT.test(p) && !p.endsWith('.d.ts') ? [p] : [];
    })
    .sort();
}

/** `@scope/name/sub` -> `@scope/name`, `name/sub` -> `name`, `node:fs/promises` -> `node:fs` */
export function packageName(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

export type Specifier = { text: string } | { nonLiteral: string };

/** the module specifiers a file really loads at run time (see the header for what counts) */
export function importsOf(fileName: string, text: string): Specifier[] {
  const sf = ts.createSourceFile(fileName, text, ts.ScriptTarget.ES2022, true, ts.ScriptKind.TS);
  const out: Specifier[] = [];
  const literal = (node: ts.Node | undefined): string | undefined =>
    node && (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) ? node.text : undefined;

  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node)) {
      if (!node.importClause?.isTypeOnly) out.push({ text: literal(node.moduleSpecifier)! });
      return;
    }
    if (ts.isExportDeclaration(node)) {
      if (node.moduleSpecifier && !node.isTypeOnly) out.push({ text: literal(node.moduleSpecifier)! });
      return;
    }
    if (ts.isImportEqualsDeclaration(node)) {
      if (!node.isTypeOnly && ts.isExternalModuleReference(node.moduleReference)) {
        const s = literal(node.moduleReference.expression);
        out.push(s === undefined ? { nonLiteral: node.moduleReference.getText(sf) } : { text: s });
      }
      return;
    }
    if (ts.isImportTypeNode(node)) return; // `typeof import('m')`: a type, erased
    if (ts.isCallExpression(node)) {
      const isImport = node.expression.kind === ts.SyntaxKind.ImportKeyword;
      const isRequire = ts.isIdentifier(node.expression) && node.expression.text === 'require';
      if (isImport || isRequire) {
        const s = literal(node.arguments[0]);
        out.push(s === undefined ? { nonLiteral: node.getText(sf) } : { text: s });
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return out;
}

/** the file a relative specifier loads, or undefined */
export function resolveRelative(fromFile: string, specifier: string): string | undefined {
  const base = resolve(dirname(fromFile), specifier);
  const candidates: string[] = [];
  const js = base.match(/^(.*)\.([cm]?)js$/);
  if (js) candidates.push(`${js[1]}.${js[2]}ts`, `${js[1]}.tsx`, `${js[1]}.d.${js[2]}ts`);
  candidates.push(base, `${base}.ts`, `${base}.tsx`, `${base}.d.ts`, join(base, 'index.ts'), join(base, 'index.tsx'));
  return candidates.find((c) => existsSync(c) && statSync(c).isFile());
}

/**
 * Walks the import graph breadth-first from every start file at once (paths relative to the working directory or
 * absolute), so each reported chain is a shortest one.
 * Files under a forbidden directory are reported and not entered; packages are not entered (their names decide).
 */
export function walkImports(root: string, starts: string[], rule: Rule): Graph {
  const absRoot = resolve(root);
  const rel = (p: string) => relative(absRoot, p).split(sep).join('/');
  const forbiddenDirs = rule.forbiddenDirs.map((d) => resolve(absRoot, d) + sep);
  const parent = new Map<string, string | null>();
  const queue: string[] = [];
  for (const s of starts.map((s) => resolve(s))) {
    if (!parent.has(s)) {
      parent.set(s, null);
      queue.push(s);
    }
  }
  const chainTo = (file: string): string[] => {
    const chain: string[] = [];
    for (let f: string | null | undefined = file; f; f = parent.get(f)) chain.unshift(rel(f));
    return chain;
  };
  const escapes: Escape[] = [];
  const seen = new Set<string>();
  const report = (from: string, target: string, reason: Escape['reason']) => {
    const key = `${from}\0${target}`;
    if (seen.has(key)) return;
    seen.add(key);
    escapes.push({ chain: [...chainTo(from), target], reason });
  };

  for (let i = 0; i < queue.length; i++) {
    const file = queue[i];
    if (!SOURCE_EXT.test(file)) continue; // JSON and other assets are leaves
    for (const spec of importsOf(file, readFileSync(file, 'utf8'))) {
      if ('nonLiteral' in spec) {
        report(file, spec.nonLiteral, 'non-literal dynamic import');
        continue;
      }
      const s = spec.text;
      if (s.startsWith('.') || s.startsWith('/')) {
        const target = resolveRelative(file, s);
        if (!target) {
          report(file, s, 'unresolved import');
          continue;
        }
        if (forbiddenDirs.some((d) => target.startsWith(d))) {
          report(file, rel(target), 'forbidden directory');
          continue;
        }
        if (!parent.has(target)) {
          parent.set(target, file);
          queue.push(target);
        }
        continue;
      }
      if (rule.isForbiddenPackage(packageName(s))) report(file, s, 'forbidden package');
    }
  }
  return { files: queue.map(rel), escapes };
}

export function formatEscape(e: Escape): string {
  return `${e.chain.join(' -> ')}  (${e.reason})`;
}
