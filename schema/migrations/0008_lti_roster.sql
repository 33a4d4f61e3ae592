CREATE TABLE `lti_roster` (
	`game_id` text NOT NULL,
	`user_id` text NOT NULL,
	`name` text NOT NULL,
	`imported_at` integer NOT NULL,
	PRIMARY KEY(`game_id`, `user_id`)
);
--> statement-breakpoint
CREATE INDEX `lti_roster_user` ON `lti_roster` (`user_id`);