import { DurableObject } from "cloudflare:workers";
import type { Env } from "../worker/env";

export class Room extends DurableObject<Env> {}
