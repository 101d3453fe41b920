-- Custom SQL migration file, put your code below! --
-- Full-text index of the catalog for /search: the PostgreSQL counterpart of SQLite's FTS5 table
-- (data/migrations/0002_search.sql). drizzle-kit does not model text search configurations or
-- generated tsvector columns, so this table is not in src/db/pg/schema.ts; src/db/pg/search.ts
-- reads and writes it, in the transaction that writes the catalog.
-- As in FTS5: the text is split into letters and digits (src/db/pg/search.ts writes it so), words
-- are folded to ASCII (unaccent: "Gdańsk" matches "gdansk") and stemmed with the Porter stemmer,
-- stop words kept. One tsvector per field, so each query weighs the fields as it likes; `doc`
-- joins them for the GIN index the WHERE uses; `tokens` is the row's length for BM25.
CREATE EXTENSION IF NOT EXISTS unaccent;
--> statement-breakpoint
CREATE TEXT SEARCH DICTIONARY matchgraph_stem (TEMPLATE = snowball, LANGUAGE = porter);
--> statement-breakpoint
CREATE TEXT SEARCH CONFIGURATION matchgraph (COPY = simple);
--> statement-breakpoint
ALTER TEXT SEARCH CONFIGURATION matchgraph
	ALTER MAPPING FOR asciiword, asciihword, hword_asciipart, word, hword, hword_part, numword, numhword, hword_numpart
	WITH unaccent, matchgraph_stem;
--> statement-breakpoint
CREATE TABLE product_search (
	id text PRIMARY KEY,
	name text NOT NULL,
	aliases text NOT NULL,
	vendor text NOT NULL,
	category text NOT NULL,
	capabilities text NOT NULL,
	description text NOT NULL,
	tokens integer NOT NULL,
	tsv_name tsvector GENERATED ALWAYS AS (to_tsvector('matchgraph', name)) STORED,
	tsv_aliases tsvector GENERATED ALWAYS AS (to_tsvector('matchgraph', aliases)) STORED,
	tsv_vendor tsvector GENERATED ALWAYS AS (to_tsvector('matchgraph', vendor)) STORED,
	tsv_category tsvector GENERATED ALWAYS AS (to_tsvector('matchgraph', category)) STORED,
	tsv_capabilities tsvector GENERATED ALWAYS AS (to_tsvector('matchgraph', capabilities)) STORED,
	tsv_description tsvector GENERATED ALWAYS AS (to_tsvector('matchgraph', description)) STORED,
	tsv_names tsvector GENERATED ALWAYS AS (to_tsvector('matchgraph', name || ' ' || aliases)) STORED,
	doc tsvector GENERATED ALWAYS AS (to_tsvector('matchgraph', name || ' ' || aliases || ' ' || vendor || ' ' || category || ' ' || capabilities || ' ' || description)) STORED
);
--> statement-breakpoint
CREATE INDEX product_search_doc ON product_search USING gin (doc);
--> statement-breakpoint
CREATE INDEX product_search_names ON product_search USING gin (tsv_names);
