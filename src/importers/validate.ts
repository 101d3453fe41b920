import { z } from 'zod';
import { FILE_ROW, type RowError } from './errors.js';

export interface ParseResult<T> {
  rows: T[];
  errors: RowError[];
}

function pathOf(path: readonly PropertyKey[]): string {
  return path.map((p) => String(p)).join('.');
}

/** Row errors from a failed zod parse of one row. */
export function issuesToErrors(row: number | string, error: z.ZodError, prefix = ''): RowError[] {
  return error.issues.map((issue) => {
    const p = pathOf(issue.path);
    return { row, path: prefix && p ? `${prefix}.${p}` : prefix || p, message: issue.message };
  });
}

/** A single error saying the file as a whole has the wrong shape. */
export function fileError(message: string, error?: z.ZodError): RowError[] {
  if (!error) return [{ row: FILE_ROW, path: '', message }];
  return error.issues.slice(0, 5).map((issue) => ({
    row: FILE_ROW,
    path: pathOf(issue.path),
    message: `${message}: ${issue.message}`,
  }));
}

/** Validates every element of an array independently, so one bad row reports itself and the rest still parse. */
export function parseRows<S extends z.ZodType>(
  items: readonly unknown[],
  schema: S,
  rowId: (index: number) => number | string = (i) => i,
): ParseResult<z.output<S>> {
  const rows: z.output<S>[] = [];
  const errors: RowError[] = [];
  items.forEach((item, i) => {
    const r = schema.safeParse(item);
    if (r.success) rows.push(r.data);
    else errors.push(...issuesToErrors(rowId(i), r.error));
  });
  return { rows, errors };
}

/** A string holding a finite decimal number, e.g. "0.000000027" or "-1"; parsed to a number. */
export const numericString = z
  .string()
  .regex(/^-?(\d+(\.\d*)?|\.\d+)(e[-+]?\d+)?$/i, 'expected a numeric string')
  .transform((s) => Number(s));

export const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}/, 'expected an ISO date');
