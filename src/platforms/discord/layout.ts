/** How Discord answers are laid out (Discord's own limits are DISCORD_LIMITS in limits.ts). */
export const RENDER_LAYOUT = {
  color: 0x5865f2,
  errorColor: 0xed4245,
  /** evidence lines shown per signal on /product */
  evidenceLines: 4,
  /** characters of a product description on /product */
  productDescription: 1500,
  /** characters of a capability list or matrix row inside the compare card */
  compareListField: 600,
  /** characters of one name inside a list line */
  listName: 80,
  /** characters of the "Sources" line (curated facts linked to their pages) on /product */
  sourcesField: 400,
  /** the shortest a field value is cut to when a message must shrink */
  minShrunkField: 64,
  /** capability text parts: description, unique, vs alternatives */
  capabilityPartMin: 80,
  /** characters of the "why" line of one search result */
  searchWhy: 300,
  /** offer lines shown on /product and per product on the compare card */
  offerLines: 8,
  /** characters of the "read as" line and of each note above search results */
  searchNote: 600,
  /** characters of everything above the search results */
  searchDescription: 1200,
} as const;

