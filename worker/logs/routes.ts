import { Hono } from "hono";
import type { AppEnv } from "../app-env";

export const logRoutes = new Hono<AppEnv>();
