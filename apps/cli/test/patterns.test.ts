import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "./run-cli.js";

function withHistory(lines: boolean, badLine?: string) {
  const dir = mkdtempSync(join(tmpdir(), "vx-cli-patterns-"));
  mkdirSync(join(dir, ".claude", "state"), { recursive: true });
  const task = (
    id: string,
    description: string,
    files: string[],
    agents: string[],
    gates: string[],
    minutes: number,
  ) => ({
    id,
    description,
    files,
    agents: agents.map((type) => ({ type, success: true })),
    gates,
    durationMs: minutes * 60_000,
  });
  const tasks = [
    task(
      "pay-1",
      "Add refund endpoint to the payment service",
      ["src/payments/refund.ts"],
      ["backend-development", "security-auditor"],
      ["build", "tests", "security-scan"],
      90,
    ),
    task(
      "pay-2",
      "Handle failed payment webhooks with retries",
      ["src/payments/webhook.ts"],
      ["backend-development", "security-auditor"],
      ["build", "tests", "security-scan"],
      70,
    ),
    task(
      "pay-3",
      "Payment receipts by email",
      ["src/payments/receipt.ts"],
      ["backend-development", "security-auditor"],
      ["build", "tests"],
      60,
    ),
    task("docs-1", "Document the CLI flags in the README", ["README.md"], ["docs-writer"], ["lint"], 15),
  ];
  const texts = tasks.map((t) => JSON.stringify(t));
  if (badLine !== undefined) texts.splice(2, 0, badLine);
  const text = lines ? texts.join("\n") : JSON.stringify(tasks);
  writeFileSync(join(dir, ".claude", "state", "tasks.jsonl"), `${text}\n`);
  return dir;
}

describe("vextrus patterns recommend", () => {
  it("recommends agents, gates and time from similar tasks, with the matches that explain it", async () => {
    const dir = withHistory(true);
    const r = await runCli(["patterns", "recommend", "Add partial refunds to payments", "--json"], {
      cwd: dir,
    });
    const json = JSON.parse(r.stdout);
    expect(json.status).toBe("recommended");
    expect(json.matches[0].taskId).toBe("pay-1");
    expect(json.agents).toEqual(["backend-development", "security-auditor"]);
    expect(json.gates).toContain("security-scan");
    const table = await runCli(["patterns", "recommend", "Add partial refunds to payments"], { cwd: dir });
    expect(table.stdout).toContain("Agents  backend-development → security-auditor");
    expect(table.stdout).toMatch(/pay-1 .*refund/);
  });

  it("skips a damaged line in the middle, as the hooks do, and says how many and where", async () => {
    const dir = withHistory(true, '{"id": "pay-9", "description": "cut sho');
    const r = await runCli(["patterns", "recommend", "Add partial refunds to payments", "--json"], {
      cwd: dir,
    });
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout);
    expect(json.history).toMatchObject({ tasks: 4, skipped: 1 });
    expect(json.matches[0].taskId).toBe("pay-1");
    expect(r.stderr).toMatch(/^warning: .*tasks\.jsonl: 1 unreadable line\(s\) skipped \(line 3: not JSON/);
  });

  it("says there are no similar tasks, and why", async () => {
    const empty = await runCli(["patterns", "recommend", "Anything"]);
    expect(empty.stdout).toMatch(/^No similar tasks: no finished tasks yet: none in /);
    expect(empty.stdout).toContain("no Claude Code transcripts of");
    expect(empty.stdout).toContain("the Vextrus Stop hook adds each turn that edited files or ran subagents");
    const dir = withHistory(false);
    const unrelated = await runCli(["patterns", "recommend", "Tune the GPU shader pipeline"], { cwd: dir });
    expect(unrelated.stdout).toMatch(/^No similar tasks: none of 4 finished tasks is similar enough/);
  });
});
