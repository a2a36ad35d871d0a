import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type FakeContentBlock,
  type FakeMessagesApi,
  type FakeReply,
  messagesText,
  type RecordedRequest,
} from "../../../packages/orchestrator/test/fake-api/server.js";
import {
  CLAUDE,
  type ClaudeProject,
  firstUserText,
  initClaudeProject,
  messagesOf,
  run,
} from "./claude-project.js";

// Issue 13's three situations in real Claude Code sessions: the real `claude` 2.1.332 after `vextrus init`, its
// hooks running our built `vextrus-hook`, the model a scripted fake Messages API. Each also shows the identical
// call answered from the cache when nothing changed, so none passes by never caching.

const CACHED = "Answered from the Vextrus agent cache";

/** A subagent's script: its prompt, its tool calls in order, then its report (after `beforeReport`, if set). */
interface SubagentScript {
  prompt: string;
  steps: (dir: string) => FakeContentBlock[];
  report: string;
  /** Runs while the API holds the report back: the moment the test edits a file the agent already read. */
  beforeReport?: () => void;
}

const toolResults = (r: RecordedRequest) =>
  messagesOf(r).reduce(
    (n, m) => n + (Array.isArray(m.content) ? m.content.filter((b) => b.type === "tool_result").length : 0),
    0,
  );
const hasAgentTool = (r: RecordedRequest) =>
  ((r.body as { tools?: { name: string }[] })?.tools ?? []).some((t) => t.name === "Agent");

let setup: ClaudeProject;
let api: FakeMessagesApi;
let project: ClaudeProject["project"];
let env: Record<string, string>;
/** Main prompt → the subagent it delegates to. */
const scripts = new Map<string, SubagentScript>();

const subagentOf = (r: RecordedRequest) =>
  [...scripts.values()].find((s) => firstUserText(r).includes(s.prompt));

async function reply(r: RecordedRequest): Promise<FakeReply> {
  const sub = subagentOf(r);
  if (sub) {
    const step = sub.steps(project.dir)[toolResults(r)];
    if (step) return { content: [step] };
    sub.beforeReport?.();
    return { text: sub.report };
  }
  if (!hasAgentTool(r)) return { text: "ok" }; // side requests (titles, summaries), if any
  const main = [...scripts.entries()].find(([prompt]) => firstUserText(r).includes(prompt))?.[1];
  if (!main) return { text: "ok" };
  if (toolResults(r) === 0) {
    const input = { description: "Look it up", prompt: main.prompt, subagent_type: "general-purpose" };
    return { content: [{ type: "tool_use", name: "Agent", input }] };
  }
  return { text: "All done." };
}

/** One `claude -p` session; what the subagent was asked (0 requests: answered from the cache). */
async function session(prompt: string) {
  const from = api.requests.length;
  const { stdout } = await run(
    CLAUDE,
    // Grep and Glob are opt-in in 2.1.332 (else searches go through Bash); Write is allowed for the writer.
    [
      "-p",
      prompt,
      "--output-format",
      "json",
      "--permission-mode",
      "dontAsk",
      "--allowedTools",
      "Grep,Glob,Write",
    ],
    { cwd: project.dir, env, timeout: 60_000 },
  );
  const requests = api.requests.slice(from).filter((r) => r.path === "/v1/messages");
  const script = scripts.get(prompt);
  const subagent = requests.filter((r) => script && firstUserText(r).includes(script.prompt));
  const last = requests.filter((r) => hasAgentTool(r) && !subagentOf(r)).at(-1);
  const result = JSON.parse(stdout) as { is_error: boolean; result: string };
  expect(result.is_error).toBe(false);
  return { subagentRequests: subagent.length, cached: messagesText(last?.body).includes(CACHED) };
}

async function cacheStats() {
  const { stdout } = await run("vextrus", ["cache", "stats", "--json"], { cwd: project.dir, env });
  return JSON.parse(stdout) as {
    stores: number;
    notStoredByReason: Record<string, number>;
    missesByReason: Record<string, number>;
  };
}

const write = (path: string, text: string) => {
  mkdirSync(dirname(join(project.dir, path)), { recursive: true });
  writeFileSync(join(project.dir, path), text);
};

describe.skipIf(!existsSync(CLAUDE))("the agent cache in real Claude Code sessions (issue 13)", () => {
  beforeAll(async () => {
    setup = await initClaudeProject(
      {
        "src/dep.ts": "export const depMarker = 1;\n",
        "src/a.ts": "import { depMarker } from './dep';\nexport const a = depMarker;\n",
        "README.md": "# app\n",
      },
      reply,
    );
    ({ api, project, env } = setup);
  });

  afterAll(async () => {
    await setup?.close();
  });

  it("edited while the agent ran: not stored, the next identical call runs the agent; unchanged, it hits", async () => {
    let edit: (() => void) | undefined = () => write("src/dep.ts", "export const depMarker = 2;\n");
    const prompt = "what is depMarker's value?";
    scripts.set(prompt, {
      prompt: "Read src/dep.ts and say what depMarker is",
      steps: (dir) => [{ type: "tool_use", name: "Read", input: { file_path: join(dir, "src/dep.ts") } }],
      report: "REPORT: depMarker is 1",
      // Held back once, until the user has saved a change to the file the agent read.
      beforeReport: () => {
        edit?.();
        edit = undefined;
      },
    });
    expect(await session(prompt)).toEqual({ subagentRequests: 2, cached: false });
    expect((await cacheStats()).notStoredByReason["changed-during-run"]).toBe(1);
    expect(await session(prompt)).toEqual({ subagentRequests: 2, cached: false });
    expect(await session(prompt)).toEqual({ subagentRequests: 0, cached: true });
  });

  it("answered from searches: a new matching file makes the identical call miss; unchanged, it hits", async () => {
    const prompt = "where is depMarker used?";
    scripts.set(prompt, {
      prompt: "Find every use of depMarker",
      steps: () => [
        { type: "tool_use", name: "Grep", input: { pattern: "depMarker" } },
        { type: "tool_use", name: "Glob", input: { pattern: "src/**/*.ts" } },
      ],
      report: "REPORT: depMarker is used in src/a.ts",
    });
    expect(await session(prompt)).toEqual({ subagentRequests: 3, cached: false });
    expect(await session(prompt)).toEqual({ subagentRequests: 0, cached: true });
    write("src/b.ts", "import { depMarker } from './dep';\nexport const b = depMarker;\n");
    expect(await session(prompt)).toEqual({ subagentRequests: 3, cached: false });
    expect((await cacheStats()).missesByReason["search-changed"]).toBe(1);
  });

  it("an agent that writes files: not stored, and after the user removes its file the identical call writes it again", async () => {
    const prompt = "generate the constants file";
    scripts.set(prompt, {
      prompt: "Write src/generated.ts with the constants",
      steps: (dir) => [
        { type: "tool_use", name: "Read", input: { file_path: join(dir, "src/dep.ts") } },
        {
          type: "tool_use",
          name: "Write",
          input: { file_path: join(dir, "src/generated.ts"), content: "export const generated = true;\n" },
        },
      ],
      report: "REPORT: wrote src/generated.ts",
    });
    const before = (await cacheStats()).notStoredByReason["wrote-files"] ?? 0;
    expect(await session(prompt)).toEqual({ subagentRequests: 3, cached: false });
    expect(readFileSync(join(project.dir, "src/generated.ts"), "utf8")).toBe(
      "export const generated = true;\n",
    );
    expect((await cacheStats()).notStoredByReason["wrote-files"]).toBe(before + 1);
    rmSync(join(project.dir, "src/generated.ts"));
    expect(await session(prompt)).toEqual({ subagentRequests: 3, cached: false });
    expect(existsSync(join(project.dir, "src/generated.ts"))).toBe(true);
    // The same session set-up caches a reader: the first situation's call, unchanged since, is still a hit.
    expect(await session("what is depMarker's value?")).toEqual({ subagentRequests: 0, cached: true });
  });
});
