import { parseAwesomeList, type AwesomeProduct } from './awesome-list.js';
import type { ParseResult } from './validate.js';

export type AwesomeGenerativeAiProduct = AwesomeProduct;

/** steven2358/awesome-generative-ai, derived `products.json`. */
export function parseAwesomeGenerativeAi(raw: unknown): ParseResult<AwesomeGenerativeAiProduct> {
  return parseAwesomeList(raw);
}
