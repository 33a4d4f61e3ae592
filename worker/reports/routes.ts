import { Hono } from "hono";
import type { AppEnv } from "../app-env";

export const reportRoutes = new Hono<AppEnv>();
