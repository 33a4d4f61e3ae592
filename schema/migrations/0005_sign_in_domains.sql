CREATE TABLE `sign_in_domains` (
	`domain` text PRIMARY KEY NOT NULL,
	`role` text NOT NULL,
	`password_sign_in` integer DEFAULT true NOT NULL,
	`created_by` text NOT NULL,
	`created_at` integer NOT NULL
);
