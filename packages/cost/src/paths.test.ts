import { describe, expect, it } from "vitest";
import { classifyTranscriptPath, claudeProjectFolderName } from "./paths.js";

describe("claudeProjectFolderName", () => {
  it("names a project's folder as Claude Code does: every character but a letter or digit is a dash", () => {
    expect(claudeProjectFolderName("/home/ana/my.app")).toBe("-home-ana-my-app");
    expect(claudeProjectFolderName("/srv/Work_2/ü")).toBe("-srv-Work-2--");
  });
});

describe("classifyTranscriptPath", () => {
  it("tells a main session, a subagent transcript, its meta file and anything else apart", () => {
    expect(classifyTranscriptPath("p/s.jsonl")).toEqual({ kind: "transcript", project: "p", agentId: null });
    expect(classifyTranscriptPath("p/s/subagents/agent-a1.jsonl")).toEqual({
      kind: "transcript",
      project: "p",
      agentId: "a1",
    });
    expect(classifyTranscriptPath("p/s/subagents/agent-a1.meta.json")).toEqual({
      kind: "agent-meta",
      project: "p",
      agentId: "a1",
    });
    expect(classifyTranscriptPath("p/notes.txt")).toEqual({ kind: "other" });
    expect(classifyTranscriptPath("s.jsonl")).toEqual({ kind: "other" });
  });
});
