// vitest globalSetup (Node side): the local LTI platform the workerd tests talk to over real HTTP.
import type { TestProject } from "vitest/node";
import { startPlatform } from "./platform.ts";

export default async function setup(project: TestProject) {
  const platform = await startPlatform();
  project.provide("ltiPlatform", platform.url);
  return () => platform.close();
}

declare module "vitest" {
  export interface ProvidedContext {
    ltiPlatform: string;
  }
}
