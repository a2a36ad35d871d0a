import { appendFileSync, mkdirSync, mkdtempSync, rmSync, statSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { assistantLine, lines, userLine } from "../test/lines.js";
import { createFsTranscriptSource, withSessionProjects } from "./fs-source.js";
import { type FolderState, ingestTranscripts } from "./ingest.js";
import { openSqliteUsageStore } from "./sqlite-store.js";
import { createMemoryUsageStore, type UsageStore } from "./store.js";

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

describe("createFsTranscriptSource().list with the folders of the last listing", () => {
  function tree() {
    const projects = join(mkdtempSync(join(tmpdir(), "vx-fs-folders-")), "projects");
    const session = join(projects, "-home-dev-api", "s1");
    mkdirSync(join(session, "subagents"), { recursive: true });
    writeFileSync(`${session}.jsonl`, "a");
    writeFileSync(join(session, "subagents", "agent-a1.jsonl"), "b");
    mkdirSync(join(projects, "-home-dev-web"));
    writeFileSync(join(projects, "-home-dev-web", "s2.jsonl"), "c");
    return { projects, session };
  }
  // A minute on: every folder made by the test has settled, so a kept state is trusted.
  const later = () => Date.now() + 60_000;
  const paths = (listing: { transcripts: { path: string }[] }) =>
    listing.transcripts.map((t) => t.path.slice(t.path.indexOf("-home"))).sort();
  /** Lists with the store's folders and keeps what changed, as an ingest does. */
  function listing(projects: string, store: UsageStore, now = later) {
    const got = createFsTranscriptSource({ projectDirs: [projects], now }).list(
      () => store.folderStates?.() ?? new Map(),
    );
    if (got.folders) store.putFolderStates?.(got.folders);
    return got;
  }

  it("trusts a folder whose inode and times are unchanged, and reads one whose times moved", () => {
    const { projects, session } = tree();
    const store = createMemoryUsageStore();
    expect(paths(listing(projects, store))).toEqual([
      "-home-dev-api/s1.jsonl",
      "-home-dev-api/s1/subagents/agent-a1.jsonl",
      "-home-dev-web/s2.jsonl",
    ]);
    // A kept state is what the listing goes by: a folder said to be empty at its current times is not read.
    const web = join(projects, "-home-dev-web");
    const kept = store.folderStates?.().get(web);
    store.putFolderStates?.(new Map([[web, { ...(kept as FolderState), files: [] }]]));
    const second = listing(projects, store);
    expect(paths(second)).toEqual(["-home-dev-api/s1.jsonl", "-home-dev-api/s1/subagents/agent-a1.jsonl"]);
    expect(second.folders?.size).toBe(0);
    // A new transcript moves its folder's times: the folder is read again, the new file and the old one found.
    writeFileSync(join(web, "s3.jsonl"), "d");
    writeFileSync(join(session, "subagents", "agent-a2.jsonl"), "e");
    expect(paths(listing(projects, store))).toEqual([
      "-home-dev-api/s1.jsonl",
      "-home-dev-api/s1/subagents/agent-a1.jsonl",
      "-home-dev-api/s1/subagents/agent-a2.jsonl",
      "-home-dev-web/s2.jsonl",
      "-home-dev-web/s3.jsonl",
    ]);
  });

  it("reads a folder again when only its change time moved (its modification time set back)", () => {
    const { projects } = tree();
    const store = createMemoryUsageStore();
    listing(projects, store);
    const web = join(projects, "-home-dev-web");
    const kept = store.folderStates?.().get(web) as FolderState;
    const before = statSync(web);
    writeFileSync(join(web, "s3.jsonl"), "d");
    utimesSync(web, before.atime, before.mtime);
    // A tool that sets times back can restore the modification time (here to the microsecond), never the change
    // time: the kept state is given the restored one, as if it had been exact.
    store.putFolderStates?.(new Map([[web, { ...kept, mtimeMs: statSync(web).mtimeMs }]]));
    expect(statSync(web).ctimeMs).not.toBe(kept.ctimeMs);
    expect(paths(listing(projects, store))).toContain("-home-dev-web/s3.jsonl");
  });

  it("reads a folder again while it may still change in the tick it was read in", () => {
    const { projects } = tree();
    const store = createMemoryUsageStore();
    // The real clock: the folders were made just now, so each listing reads them and keeps the new times.
    listing(projects, store, Date.now);
    const web = join(projects, "-home-dev-web");
    const kept = store.folderStates?.().get(web) as FolderState;
    store.putFolderStates?.(new Map([[web, { ...kept, files: [] }]]));
    const again = listing(projects, store, Date.now);
    expect(paths(again)).toContain("-home-dev-web/s2.jsonl");
    expect(again.folders?.get(web)?.files).toEqual(["s2.jsonl"]);
  });

  it("forgets the folders that are gone, and finds the same files as a listing without kept folders", () => {
    const { projects, session } = tree();
    const store = createMemoryUsageStore();
    listing(projects, store);
    rmSync(session, { recursive: true });
    rmSync(`${session}.jsonl`);
    const got = listing(projects, store);
    expect(got.folders?.get(session)).toBeNull();
    expect(got.folders?.get(join(session, "subagents"))).toBeNull();
    expect([...(store.folderStates?.().keys() ?? [])].sort()).toEqual(
      [projects, join(projects, "-home-dev-api"), join(projects, "-home-dev-web")].sort(),
    );
    const fresh = createFsTranscriptSource({ projectDirs: [projects] }).list();
    expect(paths(got)).toEqual(paths(fresh));
    expect(paths(got)).toEqual(["-home-dev-web/s2.jsonl"]);
  });

  it("keeps the folders of a config folder a run does not list (a hook's run may list one more)", () => {
    const { projects } = tree();
    const other = tree().projects;
    const store = createMemoryUsageStore();
    const both = createFsTranscriptSource({ projectDirs: [projects, other], now: later }).list(
      () => store.folderStates?.() ?? new Map(),
    );
    store.putFolderStates?.(both.folders ?? new Map());
    const one = listing(projects, store);
    expect(one.folders?.size).toBe(0);
    expect([...(store.folderStates?.().keys() ?? [])].filter((p) => p.startsWith(other))).toHaveLength(5);
  });

  it("keeps the folders in a SQLite ledger across runs, and an ingest counts a file made between runs", () => {
    const { projects, session } = tree();
    const ledger = join(mkdtempSync(join(tmpdir(), "vx-fs-folders-db-")), "vextrus.db");
    const run = () => {
      const store = openSqliteUsageStore(ledger);
      try {
        ingestTranscripts({
          source: createFsTranscriptSource({ projectDirs: [projects], now: later }),
          store,
        });
        return { records: store.counts().records, folders: store.folderStates?.() };
      } finally {
        store.close();
      }
    };
    writeFileSync(`${session}.jsonl`, lines(assistantLine({ id: "m1", output: 3 })));
    expect(run().records).toBe(1);
    writeFileSync(
      join(session, "subagents", "agent-a9.jsonl"),
      lines(assistantLine({ id: "m2", output: 4 })),
    );
    const second = run();
    expect(second.records).toBe(2);
    expect(second.folders?.get(join(session, "subagents"))?.files.sort()).toEqual([
      "agent-a1.jsonl",
      "agent-a9.jsonl",
    ]);
    expect(run().records).toBe(2);
  });
});

describe("withSessionProjects", () => {
  it("adds the projects folder of a session kept in a config folder the environment does not name, if it is there", () => {
    const named = join(mkdtempSync(join(tmpdir(), "vx-named-")), "projects");
    const other = join(mkdtempSync(join(tmpdir(), "vx-other-")), "projects");
    mkdirSync(join(named, "-home-a-app"), { recursive: true });
    mkdirSync(join(other, "-home-a-app"), { recursive: true });
    const session = (projects: string) => join(projects, "-home-a-app", "s1.jsonl");
    expect(withSessionProjects([named], session(other))).toEqual([named, other]);
    // Already named (however it is written), no transcript, a folder not called projects, or one not there: as is.
    expect(withSessionProjects([`${named}/.`], session(named))).toEqual([`${named}/.`]);
    expect(withSessionProjects([named], undefined)).toEqual([named]);
    expect(withSessionProjects([named], join(other, "..", "s1.jsonl"))).toEqual([named]);
    expect(withSessionProjects([named], session(join(tmpdir(), "vx-none", "projects")))).toEqual([named]);
  });
});
