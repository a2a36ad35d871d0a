import { appendFileSync, mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { assistantLine, lines, userLine } from "../test/lines.js";
import { createFsTranscriptSource } from "./fs-source.js";
import { ingestTranscripts } from "./ingest.js";
import { openSqliteUsageStore } from "./sqlite-store.js";

describe("createFsTranscriptSource", () => {
  it("counts a file's whole unterminated last line, past many read chunks, and once only after it is ended", () => {
    const root = mkdtempSync(join(tmpdir(), "vx-fs-source-"));
    const dir = join(root, "projects", "-home-a-app");
    mkdirSync(dir, { recursive: true });
    const path = join(dir, "s1.jsonl");
    // Tool results make the file span many read chunks, so the last line is found in a later chunk; each is longer
    // than a chunk, and so is an assistant line between them (its text before its usage).
    const bulk = userLine("x".repeat(1024 * 1024));
    const long = assistantLine({
      id: "m0",
      output: 5,
      content: [{ type: "text", text: "y".repeat(700_000) }],
    });
    const head = lines(
      assistantLine({ id: "m1", output: 10 }),
      ...Array.from({ length: 4 }, () => bulk),
      long,
      ...Array.from({ length: 5 }, () => bulk),
    );
    const last = assistantLine({ id: "m2", output: 250 });
    writeFileSync(path, head + last);
    const store = openSqliteUsageStore(join(root, "ledger.db"));
    const source = () => createFsTranscriptSource({ projectDirs: [join(root, "projects")] });
    const outputs = () =>
      store
        .usage()
        .map((r) => [r.key, r.output])
        .sort();

    expect(ingestTranscripts({ source: source(), store })).toMatchObject({
      usageLines: 3,
      malformedLines: 0,
    });
    expect(outputs()).toEqual([
      ["m0:req_m0", 5],
      ["m1:req_m1", 10],
      ["m2:req_m2", 250],
    ]);
    expect(store.getFile(path)?.offset).toBe(Buffer.byteLength(head));

    appendFileSync(path, "\n");
    expect(ingestTranscripts({ source: source(), store })).toMatchObject({
      usageLines: 1,
      malformedLines: 0,
    });
    expect(outputs()).toEqual([
      ["m0:req_m0", 5],
      ["m1:req_m1", 10],
      ["m2:req_m2", 250],
    ]);
    expect(store.rollups({ by: [] }).reduce((sum, r) => sum + r.output, 0)).toBe(265);
    expect(ingestTranscripts({ source: source(), store })).toMatchObject({ filesRead: 0 });
    store.close();
  });
});

describe("createFsTranscriptSource().list", () => {
  it("finds the same transcripts, projects and subagents however the projects folder is spelled", () => {
    const root = mkdtempSync(join(tmpdir(), "vx-fs-list-"));
    const projects = join(root, "projects");
    mkdirSync(join(projects, "-home-dev-api", "s1", "subagents"), { recursive: true });
    writeFileSync(join(projects, "-home-dev-api", "s1.jsonl"), "");
    writeFileSync(join(projects, "-home-dev-api", "s1", "subagents", "agent-a1.jsonl"), "");
    writeFileSync(join(projects, "-home-dev-api", "s1", "subagents", "agent-a1.meta.json"), "{}");
    writeFileSync(join(projects, "notes.txt"), "");
    const seen = (dir: string) => {
      const { transcripts, agentMeta } = createFsTranscriptSource({ projectDirs: [dir] }).list();
      return {
        transcripts: transcripts.map((t) => [t.path.slice(t.path.indexOf("-home")), t.project, t.agentId]),
        agentMeta: agentMeta.map((m) => m.agentId),
      };
    };
    const plain = seen(projects);
    expect(plain).toEqual({
      transcripts: [
        ["-home-dev-api/s1.jsonl", "-home-dev-api", null],
        ["-home-dev-api/s1/subagents/agent-a1.jsonl", "-home-dev-api", "a1"],
      ],
      agentMeta: ["a1"],
    });
    expect(seen(`${projects}/`)).toEqual(plain);
    expect(seen(`${root}//projects`)).toEqual(plain);
  });
});
