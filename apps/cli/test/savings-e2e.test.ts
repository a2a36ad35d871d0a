import { existsSync } from "node:fs";
import { join } from "node:path";
import { costOfRequest, createPriceBook } from "@vextrus/cost";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FakeReply, RecordedRequest } from "../../../packages/orchestrator/test/fake-api/server.js";
import {
  CLAUDE,
  type ClaudeProject,
  firstUserText,
  initClaudeProject,
  messagesOf,
  run,
} from "./claude-project.js";

// Issue 15's realised savings in real Claude Code sessions (claude 2.1.332 after `vextrus init`, a fake Messages
// API as the model): the hook routes a simple subagent to Haiku, and the identical call is then answered from
// the cache. `vextrus savings --json` must show the exact price difference, then exactly the avoided run's cost.

const MAIN_PROMPT = "what is depMarker's value?";
const SUB_PROMPT = "Read src/dep.ts and say what depMarker is";
/** Every subagent reply's usage: fixed, so the expected money is computed from the requests, not measured. */
const SUB_USAGE = {
  input_tokens: 12_000,
  output_tokens: 700,
  cache_creation_input_tokens: 0,
  cache_read_input_tokens: 0,
};

const toolResults = (r: RecordedRequest) =>
  messagesOf(r).reduce(
    (n, m) => n + (Array.isArray(m.content) ? m.content.filter((b) => b.type === "tool_result").length : 0),
    0,
  );
const isSubagent = (r: RecordedRequest) => firstUserText(r).includes(SUB_PROMPT);
const hasAgentTool = (r: RecordedRequest) =>
  ((r.body as { tools?: { name: string }[] })?.tools ?? []).some((t) => t.name === "Agent");
const modelOf = (r: RecordedRequest) => (r.body as { model: string }).model;

let setup: ClaudeProject;

function reply(r: RecordedRequest): FakeReply {
  if (isSubagent(r)) {
    if (toolResults(r) === 0)
      return {
        content: [
          { type: "tool_use", name: "Read", input: { file_path: join(setup.project.dir, "src/dep.ts") } },
        ],
        usage: SUB_USAGE,
      };
    return { text: "REPORT: depMarker is 1", usage: SUB_USAGE };
  }
  if (!hasAgentTool(r) || !firstUserText(r).includes(MAIN_PROMPT)) return { text: "ok" };
  if (toolResults(r) === 0)
    return {
      content: [
        {
          type: "tool_use",
          name: "Agent",
          input: { description: "Look it up", prompt: SUB_PROMPT, subagent_type: "general-purpose" },
        },
      ],
    };
  return { text: "All done." };
}

async function session() {
  const from = setup.api.requests.length;
  await run(CLAUDE, ["-p", MAIN_PROMPT, "--output-format", "json", "--permission-mode", "dontAsk"], {
    cwd: setup.project.dir,
    env: setup.env,
    timeout: 60_000,
  });
  return setup.api.requests.slice(from).filter((r) => r.path === "/v1/messages");
}

async function savings() {
  const { stdout } = await run("vextrus", ["savings", "--json"], { cwd: setup.project.dir, env: setup.env });
  return JSON.parse(stdout) as {
    cache: { savedPico: string; runs: number; savedMs: number };
    routing: { savedPico: string; runs: number };
  };
}

/** The subagent's requests priced at `model` (default: the model each was sent to), by @vextrus/cost's rule. */
function priced(requests: RecordedRequest[], model?: string): bigint {
  const book = createPriceBook();
  let total = 0n;
  for (const r of requests) {
    const pricing = book.resolve(model ?? modelOf(r));
    if (!pricing) throw new Error(`no price for ${model ?? modelOf(r)}`);
    total += costOfRequest(
      {
        input: SUB_USAGE.input_tokens,
        output: SUB_USAGE.output_tokens,
        cacheWrite5m: 0,
        cacheWrite1h: 0,
        cacheRead: 0,
      },
      pricing,
    );
  }
  return total;
}

describe.skipIf(!existsSync(CLAUDE))("realised savings in real Claude Code sessions (issue 15)", () => {
  beforeAll(async () => {
    setup = await initClaudeProject(
      { "src/dep.ts": "export const depMarker = 1;\n", "README.md": "# app\n" },
      reply,
    );
  });

  afterAll(async () => {
    await setup?.close();
  });

  it("a routed run saves the exact price difference to the session's model; the identical call then saves the whole run", async () => {
    expect(await savings()).toMatchObject({ cache: { runs: 0 }, routing: { runs: 0 } });

    const first = await session();
    const sub = first.filter(isSubagent);
    const main = first.filter((r) => hasAgentTool(r) && !isSubagent(r));
    expect(sub).toHaveLength(2);
    // The hook chose Haiku; the main thread ran on Claude Code's own default.
    expect(sub.every((r) => /haiku/.test(modelOf(r)))).toBe(true);
    const mainModel = modelOf(main[0] as RecordedRequest);
    expect(mainModel).not.toMatch(/haiku/);
    const exact = priced(sub);
    const atMain = priced(sub, mainModel);
    expect(atMain).toBeGreaterThan(exact);
    const afterRouted = await savings();
    expect(afterRouted.routing).toEqual({
      savedUsd: expect.any(Number),
      savedPico: (atMain - exact).toString(),
      runs: 1,
    });
    expect(afterRouted.cache.runs).toBe(0);

    const second = await session();
    expect(second.filter(isSubagent)).toHaveLength(0); // answered from the cache
    const afterHit = await savings();
    expect(afterHit.cache).toMatchObject({ savedPico: exact.toString(), runs: 1 });
    expect(afterHit.cache.savedMs).toBeGreaterThan(0);
    expect(afterHit.routing.runs).toBe(1);
  });
});
