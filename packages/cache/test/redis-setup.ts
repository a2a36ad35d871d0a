// vitest globalSetup: a real Redis for the Redis backend's tests. Uses VEXTRUS_TEST_REDIS_URL when given (CI
// starts one from Debian's redis-server in .ci/run); else starts a private redis-server on a free port when the
// binary is installed. In CI a missing Redis fails the run: the Redis suite must not be skipped there.
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { createServer } from "node:net";
import type { TestProject } from "vitest/node";

declare module "vitest" {
  export interface ProvidedContext {
    redisUrl: string | null;
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => resolve(typeof address === "object" && address ? address.port : 0));
    });
  });
}

async function waitForPing(port: number): Promise<void> {
  for (let i = 0; i < 100; i++) {
    const r = spawnSync("redis-cli", ["-h", "127.0.0.1", "-p", String(port), "ping"], { encoding: "utf8" });
    if (r.stdout?.trim() === "PONG") return;
    await new Promise((ok) => setTimeout(ok, 50));
  }
  throw new Error(`redis-server on port ${port} did not answer PING within 5 s`);
}

let child: ChildProcess | undefined;

export async function setup(project: TestProject): Promise<void> {
  const given = process.env.VEXTRUS_TEST_REDIS_URL;
  if (given) return project.provide("redisUrl", given);
  const installed = spawnSync("redis-server", ["--version"]).status === 0;
  if (!installed) {
    if (process.env.CI) throw new Error("CI: no Redis (set VEXTRUS_TEST_REDIS_URL or install redis-server)");
    return project.provide("redisUrl", null);
  }
  const port = await freePort();
  child = spawn(
    "redis-server",
    ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
    {
      stdio: "ignore",
    },
  );
  await waitForPing(port);
  project.provide("redisUrl", `redis://127.0.0.1:${port}`);
}

export async function teardown(): Promise<void> {
  child?.kill();
}
