CREATE TABLE `capabilities` (
	`product_id` text NOT NULL,
	`ord` integer NOT NULL,
	`tag` text,
	`title` text NOT NULL,
	`description` text NOT NULL,
	`unique_line` text NOT NULL,
	`vs_alternatives` text NOT NULL,
	PRIMARY KEY(`product_id`, `ord`),
	FOREIGN KEY (`product_id`) REFERENCES `products`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `evidence` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`product_id` text NOT NULL,
	`kind` text NOT NULL,
	`value` real NOT NULL,
	`source` text NOT NULL,
	`date` text NOT NULL,
	`detail` text,
	FOREIGN KEY (`product_id`) REFERENCES `products`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `evidence_product` ON `evidence` (`product_id`);--> statement-breakpoint
CREATE TABLE `kv` (
	`key` text PRIMARY KEY NOT NULL,
	`value` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `match_events` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`a` text NOT NULL,
	`b` text NOT NULL,
	`origin` text NOT NULL,
	`at` text NOT NULL,
	`weight` real DEFAULT 1 NOT NULL
);
--> statement-breakpoint
CREATE INDEX `match_events_pair` ON `match_events` (`a`,`b`);--> statement-breakpoint
CREATE INDEX `match_events_b` ON `match_events` (`b`);--> statement-breakpoint
CREATE TABLE `products` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`aliases` text NOT NULL,
	`type` text NOT NULL,
	`vendor` text,
	`category` text NOT NULL,
	`description` text NOT NULL,
	`url` text,
	`pricing_model` text,
	`starting_price_amount` real,
	`starting_price_unit` text,
	`prompt_per_token` real,
	`completion_per_token` real,
	`context_length` integer,
	`input_modalities` text NOT NULL,
	`output_modalities` text NOT NULL,
	`supported_parameters` text NOT NULL,
	`features` text NOT NULL,
	`providers` text NOT NULL,
	`provenance` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `products_type_category` ON `products` (`type`,`category`);--> statement-breakpoint
CREATE TABLE `score_snapshots` (
	`run_id` integer NOT NULL,
	`product_id` text NOT NULL,
	`type` text NOT NULL,
	`category` text NOT NULL,
	`score` real NOT NULL,
	`adoption` real NOT NULL,
	`quality` real NOT NULL,
	`ecosystem` real NOT NULL,
	`match_graph` real NOT NULL,
	`position_overall` integer NOT NULL,
	`of_overall` integer NOT NULL,
	`position_category` integer NOT NULL,
	`of_category` integer NOT NULL,
	`detail` text NOT NULL,
	PRIMARY KEY(`run_id`, `product_id`),
	FOREIGN KEY (`run_id`) REFERENCES `scoring_runs`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `score_snapshots_product` ON `score_snapshots` (`product_id`,`run_id`);--> statement-breakpoint
CREATE TABLE `scoring_runs` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`config_version` text NOT NULL,
	`at` text NOT NULL,
	`product_count` integer NOT NULL,
	`total_ms` real NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL
);
--> statement-breakpoint
CREATE TABLE `sources` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`date` text NOT NULL,
	`licence` text NOT NULL,
	`url` text,
	`imported_at` text NOT NULL
);
