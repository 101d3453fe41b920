-- Custom SQL migration file, put your code below! --
-- Full-text index of the catalog for /search (FTS5, ranked with bm25). drizzle-kit does not model
-- virtual tables, so this table is not in src/db/schema.ts; src/db/search.ts reads and writes it.
-- Rows are written with every catalog import, in the same transaction (CatalogRepo.replaceAll);
-- a store that already held a catalog when this migration ran is indexed at startup (ensureCatalog).
-- Columns: the product id (not indexed), then the searchable text. `capabilities` holds the
-- taxonomy labels of the product's capability tags and the titles of its decomposed capabilities.
-- Tokens are folded to ASCII (remove_diacritics 2: "Gdańsk" matches "gdansk") and stemmed
-- (porter: "meetings" matches "meeting"); prefix indexes serve as-you-type name matches.
CREATE VIRTUAL TABLE `product_search` USING fts5(
	`id` UNINDEXED,
	`name`,
	`aliases`,
	`vendor`,
	`category`,
	`capabilities`,
	`description`,
	tokenize = 'porter unicode61 remove_diacritics 2',
	prefix = '2 3'
);
