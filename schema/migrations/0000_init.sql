CREATE TABLE `answers` (
	`game_id` text NOT NULL,
	`question_index` integer NOT NULL,
	`player_id` text NOT NULL,
	`answer` text NOT NULL,
	`correct` integer,
	`points` integer NOT NULL,
	`response_ms` integer NOT NULL,
	`answered_at` integer NOT NULL,
	PRIMARY KEY(`game_id`, `question_index`, `player_id`),
	FOREIGN KEY (`game_id`) REFERENCES `games`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `events` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`ts` integer NOT NULL,
	`type` text NOT NULL,
	`actor_type` text NOT NULL,
	`actor_id` text,
	`role` text,
	`game_id` text,
	`quiz_id` text,
	`owner_id` text,
	`payload` text
);
--> statement-breakpoint
CREATE INDEX `events_ts` ON `events` (`ts`);--> statement-breakpoint
CREATE INDEX `events_type_ts` ON `events` (`type`,`ts`);--> statement-breakpoint
CREATE INDEX `events_game_ts` ON `events` (`game_id`,`ts`);--> statement-breakpoint
CREATE INDEX `events_owner_ts` ON `events` (`owner_id`,`ts`);--> statement-breakpoint
CREATE INDEX `events_actor_ts` ON `events` (`actor_id`,`ts`);--> statement-breakpoint
CREATE TABLE `game_players` (
	`game_id` text NOT NULL,
	`player_id` text NOT NULL,
	`nickname` text NOT NULL,
	`user_id` text,
	`score` integer NOT NULL,
	`rank` integer NOT NULL,
	`correct_count` integer NOT NULL,
	`answered_count` integer NOT NULL,
	`total_time_ms` integer NOT NULL,
	`kicked` integer DEFAULT false NOT NULL,
	`joined_at` integer NOT NULL,
	PRIMARY KEY(`game_id`, `player_id`),
	FOREIGN KEY (`game_id`) REFERENCES `games`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `game_players_user` ON `game_players` (`user_id`);--> statement-breakpoint
CREATE TABLE `games` (
	`id` text PRIMARY KEY NOT NULL,
	`code` text NOT NULL,
	`quiz_id` text,
	`host_id` text NOT NULL,
	`title` text NOT NULL,
	`settings` text NOT NULL,
	`snapshot` text NOT NULL,
	`status` text NOT NULL,
	`player_count` integer DEFAULT 0 NOT NULL,
	`question_count` integer NOT NULL,
	`created_at` integer NOT NULL,
	`started_at` integer,
	`ended_at` integer,
	FOREIGN KEY (`quiz_id`) REFERENCES `quizzes`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`host_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `games_host_created` ON `games` (`host_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `games_code` ON `games` (`code`,`status`);--> statement-breakpoint
CREATE TABLE `quiz_tags` (
	`quiz_id` text NOT NULL,
	`tag` text NOT NULL,
	PRIMARY KEY(`quiz_id`, `tag`),
	FOREIGN KEY (`quiz_id`) REFERENCES `quizzes`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `quiz_tags_tag` ON `quiz_tags` (`tag`);--> statement-breakpoint
CREATE TABLE `quizzes` (
	`id` text PRIMARY KEY NOT NULL,
	`owner_id` text NOT NULL,
	`title` text NOT NULL,
	`description` text DEFAULT '' NOT NULL,
	`language` text DEFAULT 'en' NOT NULL,
	`visibility` text NOT NULL,
	`questions` text NOT NULL,
	`question_count` integer NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`owner_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `quizzes_owner_updated` ON `quizzes` (`owner_id`,`updated_at`);--> statement-breakpoint
CREATE INDEX `quizzes_visibility_updated` ON `quizzes` (`visibility`,`updated_at`);--> statement-breakpoint
CREATE TABLE `revoked_sessions` (
	`jti` text PRIMARY KEY NOT NULL,
	`expires_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `revoked_sessions_expires` ON `revoked_sessions` (`expires_at`);--> statement-breakpoint
CREATE TABLE `users` (
	`id` text PRIMARY KEY NOT NULL,
	`email` text NOT NULL,
	`name` text NOT NULL,
	`password_hash` text NOT NULL,
	`role` text NOT NULL,
	`disabled` integer DEFAULT false NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `users_email_unique` ON `users` (`email`);