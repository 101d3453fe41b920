/** One problem found while validating a source file. */
export interface RowError {
  /** array index or object key of the offending row; "(file)" when the whole file has the wrong shape */
  row: number | string;
  /** dot path of the offending field inside the row ("" for the row itself) */
  path: string;
  message: string;
}

export const FILE_ROW = '(file)';
const SHOWN_ERRORS = 10;

export function formatRowError(e: RowError): string {
  const where = e.row === FILE_ROW ? 'file' : `row ${typeof e.row === 'number' ? e.row : JSON.stringify(e.row)}`;
  return `${where}${e.path ? ` field ${e.path}` : ''}: ${e.message}`;
}

/** Thrown when a source file fails validation; nothing is written in that case. */
export class ImportValidationError extends Error {
  readonly source: string;
  readonly errors: RowError[];

  constructor(source: string, errors: RowError[]) {
    const shown = errors.slice(0, SHOWN_ERRORS).map((e) => `  - ${formatRowError(e)}`);
    const more = errors.length > SHOWN_ERRORS ? [`  ... and ${errors.length - SHOWN_ERRORS} more`] : [];
    super([`${source}: ${errors.length} validation error(s)`, ...shown, ...more].join('\n'));
    this.name = 'ImportValidationError';
    this.source = source;
    this.errors = errors;
  }
}
