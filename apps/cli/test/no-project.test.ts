import { existsSync, mkdtempSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "./run-cli.js";

// A folder with no .claude/ or .git above it is no project: reading commands answer, and leave it as it was.
describe("outside a project", () => {
  const plain = () => mkdtempSync(join(tmpdir(), "vx-cli-plain-"));

  it("metrics, cache stats and config show read nothing and create nothing", async () => {
    const cwd = plain();
    const env = { XDG_STATE_HOME: join(cwd, "..", `${cwd.split("/").at(-1)}-xdg`) };
    const metrics = await runCli(["metrics", "--json"], { cwd, env });
    expect(metrics.code).toBe(0);
    expect(JSON.parse(metrics.stdout).agents).toEqual([]);
    const cache = await runCli(["cache", "stats"], { cwd, env });
    expect(cache).toMatchObject({ code: 0, stdout: expect.stringContaining("is not in a project") });
    const config = await runCli(["config", "show", "--json"], { cwd, env });
    expect(JSON.parse(config.stdout).sources["optimization.cost.monthly_budget_usd"]).toBe("default");
    expect(readdirSync(cwd)).toEqual([]);
    expect(existsSync(env.XDG_STATE_HOME)).toBe(false);
  });
});
