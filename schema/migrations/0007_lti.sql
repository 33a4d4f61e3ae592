CREATE TABLE `lti_deployments` (
	`platform_id` text NOT NULL,
	`deployment_id` text NOT NULL,
	PRIMARY KEY(`platform_id`, `deployment_id`),
	FOREIGN KEY (`platform_id`) REFERENCES `lti_platforms`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `lti_handoffs` (
	`code_hash` text PRIMARY KEY NOT NULL,
	`user_id` text NOT NULL,
	`payload` text NOT NULL,
	`expires_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `lti_links` (
	`game_id` text PRIMARY KEY NOT NULL,
	`platform_id` text NOT NULL,
	`line_item` text,
	`memberships_url` text,
	`context_id` text
);
--> statement-breakpoint
CREATE INDEX `lti_links_platform` ON `lti_links` (`platform_id`);--> statement-breakpoint
CREATE TABLE `lti_logins` (
	`state` text PRIMARY KEY NOT NULL,
	`nonce` text NOT NULL,
	`platform_id` text NOT NULL,
	`expires_at` integer NOT NULL,
	`used_at` integer
);
--> statement-breakpoint
CREATE UNIQUE INDEX `lti_logins_nonce` ON `lti_logins` (`nonce`);--> statement-breakpoint
CREATE INDEX `lti_logins_expires` ON `lti_logins` (`expires_at`);--> statement-breakpoint
CREATE TABLE `lti_platforms` (
	`id` text PRIMARY KEY NOT NULL,
	`issuer` text NOT NULL,
	`client_id` text NOT NULL,
	`name` text NOT NULL,
	`auth_endpoint` text NOT NULL,
	`token_endpoint` text NOT NULL,
	`jwks_url` text NOT NULL,
	`registered_by` text NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `lti_platforms_issuer_client` ON `lti_platforms` (`issuer`,`client_id`);--> statement-breakpoint
CREATE TABLE `lti_score_outbox` (
	`game_id` text NOT NULL,
	`user_id` text NOT NULL,
	`score_given` integer NOT NULL,
	`score_maximum` integer NOT NULL,
	`finished_at` integer NOT NULL,
	`state` text NOT NULL,
	`tries` integer DEFAULT 0 NOT NULL,
	`next_try_at` integer NOT NULL,
	`last_error` text,
	`sent_at` integer,
	PRIMARY KEY(`game_id`, `user_id`)
);
--> statement-breakpoint
CREATE INDEX `lti_score_outbox_due` ON `lti_score_outbox` (`state`,`next_try_at`);--> statement-breakpoint
CREATE TABLE `lti_users` (
	`platform_id` text NOT NULL,
	`sub` text NOT NULL,
	`user_id` text NOT NULL,
	PRIMARY KEY(`platform_id`, `sub`),
	FOREIGN KEY (`platform_id`) REFERENCES `lti_platforms`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `lti_users_user` ON `lti_users` (`user_id`);