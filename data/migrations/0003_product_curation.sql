PRAGMA foreign_keys=OFF;--> statement-breakpoint
CREATE TABLE `__new_score_snapshots` (
	`run_id` integer NOT NULL,
	`product_id` text NOT NULL,
	`type` text NOT NULL,
	`category` text NOT NULL,
	`score` real NOT NULL,
	`adoption` real,
	`quality` real,
	`ecosystem` real,
	`match_graph` real,
	`position_overall` integer NOT NULL,
	`of_overall` integer NOT NULL,
	`position_category` integer NOT NULL,
	`of_category` integer NOT NULL,
	`detail` text NOT NULL,
	PRIMARY KEY(`run_id`, `product_id`),
	FOREIGN KEY (`run_id`) REFERENCES `scoring_runs`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
INSERT INTO `__new_score_snapshots`("run_id", "product_id", "type", "category", "score", "adoption", "quality", "ecosystem", "match_graph", "position_overall", "of_overall", "position_category", "of_category", "detail") SELECT "run_id", "product_id", "type", "category", "score", "adoption", "quality", "ecosystem", "match_graph", "position_overall", "of_overall", "position_category", "of_category", "detail" FROM `score_snapshots`;--> statement-breakpoint
DROP TABLE `score_snapshots`;--> statement-breakpoint
ALTER TABLE `__new_score_snapshots` RENAME TO `score_snapshots`;--> statement-breakpoint
PRAGMA foreign_keys=ON;--> statement-breakpoint
CREATE INDEX `score_snapshots_product` ON `score_snapshots` (`product_id`,`run_id`);--> statement-breakpoint
ALTER TABLE `products` ADD `offers` text DEFAULT '[]' NOT NULL;--> statement-breakpoint
ALTER TABLE `products` ADD `powered_by` text DEFAULT '[]' NOT NULL;--> statement-breakpoint
ALTER TABLE `products` ADD `rivals` text DEFAULT '[]' NOT NULL;--> statement-breakpoint
ALTER TABLE `products` ADD `facts` text DEFAULT '[]' NOT NULL;--> statement-breakpoint
ALTER TABLE `products` ADD `repository` text;