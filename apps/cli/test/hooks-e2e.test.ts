import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { createPriceBook } from "@vextrus/cost";
import { openSqliteUsageStore } from "@vextrus/cost/node";
import { openSqliteMetricsStore } from "@vextrus/metrics/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type FakeMessagesApi,
  type FakeReply,
  messagesText,
  type RecordedRequest,
  systemText,
} from "../../../packages/orchestrator/test/fake-api/server.js";
import {
  CLAUDE,
  type ClaudeProject,
  firstUserText,
  initClaudeProject,
  messagesOf,
  run,
} from "./claude-project.js";

// The whole plan inside real Claude Code sessions: the real `claude` 2.1.332 in a temp project after
// `vextrus init`, its hooks running our built `vextrus-hook`, the model a fake Messages API on 127.0.0.1.

const SUBAGENT_PROMPT = "Review src/auth.ts and report every problem you find";
const SUB_USAGE = { input_tokens: 1200, output_tokens: 300, cache_read_input_tokens: 0 };

const hasToolResult = (r: RecordedRequest) =>
  messagesOf(r).some((m) => Array.isArray(m.content) && m.content.some((b) => b.type === "tool_result"));
const isSubagent = (r: RecordedRequest) => firstUserText(r).includes(SUBAGENT_PROMPT);
const isMain = (r: RecordedRequest) => r.path === "/v1/messages" && !isSubagent(r) && hasTools(r, "Agent");
const hasTools = (r: RecordedRequest, name: string) =>
  ((r.body as { tools?: { name: string }[] })?.tools ?? []).some((t) => t.name === name);

let setup: ClaudeProject;
let api: FakeMessagesApi;
let project: ClaudeProject["project"];
let env: Record<string, string>;

/** The scripted session: main calls Agent; the subagent Reads src/auth.ts, then reports; main ends the turn. */
function reply(r: RecordedRequest): FakeReply {
  if (isSubagent(r)) {
    if (!hasToolResult(r))
      return {
        content: [{ type: "tool_use", name: "Read", input: { file_path: join(project.dir, "src/auth.ts") } }],
        usage: SUB_USAGE,
      };
    return {
      text: "REPORT: src/auth.ts compares tokens with ==; use a constant-time compare.",
      usage: SUB_USAGE,
    };
  }
  if (!hasTools(r, "Agent")) return { text: "ok" }; // side requests (titles, summaries), if any
  if (!hasToolResult(r))
    return {
      content: [
        {
          type: "tool_use",
          name: "Agent",
          input: { description: "Review auth", prompt: SUBAGENT_PROMPT, subagent_type: "general-purpose" },
        },
      ],
    };
  return { text: "All done." };
}

async function claude(prompt: string) {
  const from = api.requests.length;
  const { stdout } = await run(
    CLAUDE,
    ["-p", prompt, "--output-format", "json", "--permission-mode", "dontAsk"],
    {
      cwd: project.dir,
      env,
      timeout: 60_000,
    },
  );
  const requests = api.requests.slice(from).filter((r) => r.path === "/v1/messages");
  return { result: JSON.parse(stdout) as { is_error: boolean; result: string }, requests };
}

const stateDir = () => join(project.dir, ".claude", "state");
const invocations = () => {
  const store = openSqliteMetricsStore(join(stateDir(), "metrics.db"));
  try {
    return store.invocations();
  } finally {
    store.close();
  }
};

beforeAll(async () => {
  setup = await initClaudeProject(
    { "src/auth.ts": "export const check = (a: string, b: string) => a == b;\n", "README.md": "# app\n" },
    reply,
  );
  ({ api, project, env } = setup);
});

afterAll(async () => {
  await setup?.close();
});

describe("vextrus hooks in a real Claude Code session", () => {
  it("1st run: context reaches the model, the subagent gets a model, its run is recorded with cost and cached", async () => {
    const { result, requests } = await claude("please review the auth module");
    expect(result.is_error).toBe(false);
    expect(result.result).toBe("All done.");

    const first = requests.find(isMain);
    const seen = `${systemText(first?.body)}\n${messagesText(first?.body)}`;
    // SessionStart's status and UserPromptSubmit's complexity reached the model's first request.
    expect(seen).toContain("Budget: $500.00 a month; no spend recorded yet this month.");
    expect(seen).toMatch(/Task complexity \d+\/100 \(.*\); recommended model: /);

    // PreToolUse chose the subagent's model (no model pinned): the subagent's requests ask for Haiku.
    const sub = requests.filter(isSubagent);
    expect(sub).toHaveLength(2);
    const subModel = String((sub[0]?.body as { model?: string } | undefined)?.model);
    expect(subModel).toMatch(/haiku/);

    const [record, ...more] = invocations();
    expect(more).toHaveLength(0);
    expect(record).toMatchObject({
      agentType: "general-purpose",
      success: true,
      cacheHit: false,
      start: "cold",
      model: subModel,
      tokens: { input: 2400, output: 600, cacheWrite5m: 0, cacheWrite1h: 0, cacheRead: 0 },
    });
    const pricing = createPriceBook().resolve(subModel);
    expect(pricing).toBeDefined();
    const expected = 2400 * (pricing?.rates.input ?? 0) + 600 * (pricing?.rates.output ?? 0);
    expect(record?.costPico).toBe(BigInt(expected));
    expect(record?.costPico).toBeGreaterThan(0n);

    // Stop ingested the session's transcripts: the subagent's two requests are in the cost store.
    const usage = openSqliteUsageStore(
      join(env.HOME as string, ".local", "state", "vextrus", "cost-ledger.db"),
    );
    try {
      const sidechain = usage.usage().filter((u) => u.agentId !== null);
      expect(sidechain.map((u) => u.output)).toEqual([300, 300]);
    } finally {
      usage.close();
    }
  });

  it("2nd identical run, with the hook daemon on: the subagent is answered from the cache and never runs", async () => {
    await run("vextrus", ["rollback", "--undo", "hook-daemon"], { cwd: project.dir, env });
    const { result, requests } = await claude("please review the auth module");
    expect(result.result).toBe("All done.");
    expect(requests.filter(isSubagent)).toHaveLength(0);
    const last = requests.filter(isMain).at(-1);
    const text = messagesText(last?.body);
    expect(text).toContain("Answered from the Vextrus agent cache");
    expect(text).toContain("src/auth.ts");
    expect(text).toContain("REPORT: src/auth.ts compares tokens with ==");
    // The second session starts with the first one's spend, ingested at its Stop.
    expect(
      `${systemText(requests.find(isMain)?.body)}\n${messagesText(requests.find(isMain)?.body)}`,
    ).toMatch(/Budget: \$\d+\.\d\d of \$500\.00 spent in \d{4}-\d\d/);
    const records = invocations();
    expect(records.map((r) => r.cacheHit)).toEqual([false, true]);
    expect(records[1]?.costPico).toBe(0n);
    // SessionStart ran in its own process and started the daemon; later events of the session went through it.
    const status = await run("vextrus-hook", ["--daemon", "status"], { cwd: project.dir, env });
    expect(JSON.parse(status.stdout).served).toBeGreaterThan(0);
  });

  it("3rd run (daemon) after editing the file the subagent read: a miss, and the subagent runs again", async () => {
    writeFileSync(
      join(project.dir, "src/auth.ts"),
      "import { timingSafeEqual } from 'node:crypto';\nexport const check = timingSafeEqual;\n",
    );
    const { requests } = await claude("please review the auth module");
    expect(requests.filter(isSubagent)).toHaveLength(2);
    expect(messagesText(requests.filter(isMain).at(-1)?.body)).not.toContain(
      "Answered from the Vextrus agent cache",
    );
    expect(invocations().map((r) => r.cacheHit)).toEqual([false, true, false]);
    // Every event of this session went through the daemon the 2nd run started.
    const status = await run("vextrus-hook", ["--daemon", "status"], { cwd: project.dir, env });
    expect(JSON.parse(status.stdout).served).toBeGreaterThanOrEqual(6);
  });
});
