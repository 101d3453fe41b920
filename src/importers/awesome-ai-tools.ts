import { parseAwesomeList, type AwesomeProduct } from './awesome-list.js';
import type { ParseResult } from './validate.js';

export type AwesomeAiToolsProduct = AwesomeProduct;

/** mahseema/awesome-ai-tools, derived `products.json`. */
export function parseAwesomeAiTools(raw: unknown): ParseResult<AwesomeAiToolsProduct> {
  return parseAwesomeList(raw);
}
