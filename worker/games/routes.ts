import { Hono } from "hono";
import type { AppEnv } from "../app-env";

export const gameRoutes = new Hono<AppEnv>();
export const wsRoutes = new Hono<AppEnv>();
