CREATE TABLE `media` (
	`key` text PRIMARY KEY NOT NULL,
	`owner_id` text,
	`bytes` integer NOT NULL,
	`content_type` text NOT NULL,
	`width` integer NOT NULL,
	`height` integer NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`owner_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `media_owner` ON `media` (`owner_id`);--> statement-breakpoint
CREATE INDEX `media_created` ON `media` (`created_at`);--> statement-breakpoint
CREATE TABLE `quiz_media` (
	`quiz_id` text NOT NULL,
	`key` text NOT NULL,
	PRIMARY KEY(`quiz_id`, `key`),
	FOREIGN KEY (`quiz_id`) REFERENCES `quizzes`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `quiz_media_key` ON `quiz_media` (`key`);--> statement-breakpoint
ALTER TABLE `quizzes` ADD `cover` text;--> statement-breakpoint
CREATE INDEX `games_status` ON `games` (`status`);