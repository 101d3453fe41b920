CREATE TABLE `alert_state` (
	`subscription_id` integer NOT NULL,
	`product_id` text NOT NULL,
	`last_alert_at` text,
	`hold_reason` text,
	`hold_run_id` integer,
	`hold_baseline` text,
	PRIMARY KEY(`subscription_id`, `product_id`),
	FOREIGN KEY (`subscription_id`) REFERENCES `subscriptions`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `outbox` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`idempotency_key` text NOT NULL,
	`group_key` text NOT NULL,
	`subscription_id` integer NOT NULL,
	`run_id` integer NOT NULL,
	`platform` text NOT NULL,
	`workspace_id` text NOT NULL,
	`channel_id` text NOT NULL,
	`mode` text NOT NULL,
	`payload` text NOT NULL,
	`state` text NOT NULL,
	`attempts` integer NOT NULL,
	`rate_limited` integer NOT NULL,
	`next_attempt_at` integer NOT NULL,
	`lease_owner` text,
	`lease_until` integer,
	`last_error` text,
	`created_at` text NOT NULL,
	`delivered_at` text,
	`message_id` text
);
--> statement-breakpoint
CREATE UNIQUE INDEX `outbox_idempotency_key` ON `outbox` (`idempotency_key`);--> statement-breakpoint
CREATE INDEX `outbox_due` ON `outbox` (`state`,`next_attempt_at`);--> statement-breakpoint
CREATE INDEX `outbox_group` ON `outbox` (`group_key`);--> statement-breakpoint
CREATE INDEX `outbox_subscription` ON `outbox` (`subscription_id`,`state`);--> statement-breakpoint
CREATE TABLE `run_diffs` (
	`run_id` integer PRIMARY KEY NOT NULL,
	`previous_run_id` integer,
	`changed_products` integer NOT NULL,
	`outbox_rows` integer NOT NULL,
	`summary` text NOT NULL,
	FOREIGN KEY (`run_id`) REFERENCES `scoring_runs`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `run_products` (
	`run_id` integer NOT NULL,
	`product_id` text NOT NULL,
	`name` text NOT NULL,
	`pricing_model` text,
	`starting_price_amount` real,
	`starting_price_unit` text,
	`prompt_per_token` real,
	`completion_per_token` real,
	PRIMARY KEY(`run_id`, `product_id`),
	FOREIGN KEY (`run_id`) REFERENCES `scoring_runs`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `subscriptions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`platform` text NOT NULL,
	`workspace_id` text NOT NULL,
	`channel_id` text NOT NULL,
	`target` text NOT NULL,
	`target_label` text NOT NULL,
	`min_change` real NOT NULL,
	`min_change_unit` text NOT NULL,
	`mode` text NOT NULL,
	`quiet_start` integer,
	`quiet_end` integer,
	`timezone` text NOT NULL,
	`cooldown_minutes` integer NOT NULL,
	`confirm` integer NOT NULL,
	`status` text NOT NULL,
	`disabled_reason` text,
	`disabled_detail` text,
	`disabled_at` text,
	`created_by` text NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`last_alert_at` text,
	`last_alert_summary` text,
	`failure_count` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `subscriptions_channel_target` ON `subscriptions` (`platform`,`workspace_id`,`channel_id`,`target`);--> statement-breakpoint
CREATE INDEX `subscriptions_status` ON `subscriptions` (`status`);