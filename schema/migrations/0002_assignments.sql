ALTER TABLE `games` ADD `kind` text DEFAULT 'live' NOT NULL;--> statement-breakpoint
ALTER TABLE `games` ADD `deadline` integer;