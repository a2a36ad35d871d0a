import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it, vi } from "vitest";
import { VextrusOrchestratorError } from "../../src/errors.js";
import type { AgentGate, Gate, GateEvent, RunAgent } from "../../src/gates/gate.js";
import { runGates } from "../../src/gates/run-gates.js";
import { gate, maxOverlap, node, recorder, shell, sleeper, tempDir } from "./helpers.js";

const GRACE = { killGraceMs: 300 };
const fail = gate("lint", ["sh", join(import.meta.dirname, "fixtures", "fail.sh")]);
const hang = (name: string, timeout_seconds?: number) =>
  gate(name, shell("hang.sh"), timeout_seconds === undefined ? {} : { timeout_seconds });

describe("runGates on real processes", () => {
  it("reports passes and failures with exit codes and the combined output of both streams", async () => {
    const [passed, failed] = await runGates([sleeper("build", 50), fail]);
    expect(passed).toMatchObject({
      name: "build",
      status: "passed",
      exitCode: 0,
      outputTail: "sleeping 50 ms\nwoke up",
    });
    expect(passed).not.toHaveProperty("error");
    expect(failed).toMatchObject({
      name: "lint",
      status: "failed",
      exitCode: 3,
      error: "exited with code 3",
    });
    expect(failed?.outputTail.split("\n").sort()).toEqual([
      "checking 12 files",
      "src/a.ts:1:1 unused variable",
    ]);
    expect(passed?.durationMs).toBeGreaterThanOrEqual(50);
  });

  it("runs gates in parallel: every gate starts before the first one ends", async () => {
    const { onEvent, spans } = recorder();
    const sleeps = [300, 400, 500, 600];
    const results = await runGates(
      sleeps.map((ms) => sleeper(`sleep ${ms}`, ms)),
      { onEvent },
    );
    expect(results.map((result) => result.status)).toEqual(["passed", "passed", "passed", "passed"]);
    results.forEach((result, i) => {
      expect(result.durationMs).toBeGreaterThanOrEqual(sleeps[i] as number);
    });
    // An order of events, not a wall time: a loaded machine stretches both, a serial run cannot overlap.
    expect(maxOverlap(spans())).toBe(sleeps.length);
  });

  it("never runs more than `concurrency` gates at once, and reuses a freed slot at once", async () => {
    const { onEvent, spans } = recorder();
    const results = await runGates(
      // g0 outlasts the others by seconds, not milliseconds: process start-up on a loaded machine must not reorder them.
      [2_500, 150, 150, 150, 150].map((ms, i) => sleeper(`g${i}`, ms)),
      { concurrency: 2, onEvent },
    );
    expect(results.every((result) => result.status === "passed")).toBe(true);
    const byGate = new Map(spans().map((span) => [span.gate, span]));
    expect(maxOverlap([...byGate.values()])).toBe(2);
    // g2 takes g1's slot while g0 still runs: slots are not filled in lockstep pairs.
    const g0 = byGate.get("g0");
    const g1 = byGate.get("g1");
    const g2 = byGate.get("g2");
    expect(g2?.start).toBeGreaterThanOrEqual(g1?.end ?? Number.NaN);
    expect(g2?.start).toBeLessThan(g0?.end ?? Number.NaN);
  });

  it("with concurrency 1, runs gates one after another in the order given", async () => {
    const { onEvent, events } = recorder();
    await runGates([sleeper("a", 60), sleeper("b", 10), sleeper("c", 30)], { concurrency: 1, onEvent });
    const sequence = events
      .filter((event) => event.type !== "output")
      .map((event) => `${event.type} ${event.gate}`);
    expect(sequence).toEqual(["start a", "end a", "start b", "end b", "start c", "end c"]);
  });

  it("reports a gate past its timeout as timed-out, with the output it printed", async () => {
    const [result] = await runGates([hang("watch", 0.4)], GRACE);
    expect(result).toMatchObject({ status: "timed-out", exitCode: null, error: "timed out after 0.4 s" });
    expect(result?.outputTail).toMatch(/^hanging as \d+$/);
    expect(result?.durationMs).toBeGreaterThanOrEqual(400);
    expect(result?.durationMs).toBeLessThan(400 + 300 + 1000);
  });

  it("failFast: the first failure cancels the running gates and skips the pending ones", async () => {
    const { onEvent, events } = recorder();
    const started = performance.now();
    const results = await runGates(
      [hang("slow tests"), fail, sleeper("later 1", 10), sleeper("later 2", 10)],
      {
        concurrency: 2,
        failFast: true,
        onEvent,
        ...GRACE,
      },
    );
    expect(performance.now() - started).toBeLessThan(2500);
    expect(results.map((result) => [result.name, result.status, result.error])).toEqual([
      ["slow tests", "cancelled", 'cancelled: gate "lint" failed (failFast)'],
      ["lint", "failed", "exited with code 3"],
      ["later 1", "skipped", 'not run: gate "lint" failed (failFast)'],
      ["later 2", "skipped", 'not run: gate "lint" failed (failFast)'],
    ]);
    const ends = events.filter((event) => event.type === "end").map((event) => event.gate);
    expect(ends.indexOf("lint")).toBeLessThan(ends.indexOf("slow tests"));
    expect(events.filter((event) => event.type === "start").map((event) => event.gate)).toEqual([
      "slow tests",
      "lint",
    ]);
  });

  it("without failFast, a failure stops nothing", async () => {
    const results = await runGates([fail, sleeper("tests", 200)], { concurrency: 1 });
    expect(results.map((result) => result.status)).toEqual(["failed", "passed"]);
  });

  it("failFast also stops on a timeout", async () => {
    const results = await runGates([hang("a", 0.2), hang("b")], { failFast: true, ...GRACE });
    expect(results.map((result) => result.status)).toEqual(["timed-out", "cancelled"]);
  });

  it("an AbortSignal cancels the running gates and skips the pending ones", async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 300);
    const started = performance.now();
    const results = await runGates([hang("a"), hang("b"), sleeper("c", 10)], {
      concurrency: 2,
      signal: controller.signal,
      ...GRACE,
    });
    expect(performance.now() - started).toBeLessThan(2500);
    expect(results.map((result) => [result.status, result.error])).toEqual([
      ["cancelled", "cancelled: the run was aborted"],
      ["cancelled", "cancelled: the run was aborted"],
      ["skipped", "not run: the run was aborted"],
    ]);
  });

  it("starts nothing when the signal is already aborted", async () => {
    const { onEvent, of } = recorder();
    const results = await runGates([sleeper("a", 10), sleeper("b", 10)], {
      signal: AbortSignal.abort(),
      onEvent,
    });
    expect(results.map((result) => result.status)).toEqual(["skipped", "skipped"]);
    expect(of("start")).toEqual([]);
    expect(of("end")).toHaveLength(2);
  });

  it("keeps the end of a 50,000-line output and throttles output events", async () => {
    const { onEvent, of } = recorder();
    const [result] = await runGates([gate("noisy", node("print-lines.mjs", "50000"))], { onEvent });
    expect(result?.status).toBe("passed");
    const tail = result?.outputTail.split("\n") ?? [];
    expect(tail).toHaveLength(40);
    expect(tail).toContain("line 50000");
    expect(tail).toContain("done");
    expect(tail).not.toContain("line 49950");
    const outputs = of("output") as Extract<GateEvent, { type: "output" }>[];
    // At most one event per interval (100 ms) the gate ran, plus the final flush: a rule, not a wall time.
    expect(outputs.length).toBeLessThanOrEqual(Math.ceil((result?.durationMs ?? 0) / 100) + 1);
    expect(outputs.every((event) => event.lines.length <= 100)).toBe(true);
    // Every line is either delivered or counted.
    expect(outputs.reduce((sum, event) => sum + event.lines.length + event.omitted, 0)).toBe(50_001);
  });

  it("sends start, then output, then end for each gate, and only end for a gate that never starts", async () => {
    const { onEvent, events } = recorder();
    const results = await runGates([sleeper("a", 30), fail, sleeper("b", 200)], {
      concurrency: 1,
      failFast: true,
      onEvent,
    });
    expect(results.map((result) => result.status)).toEqual(["passed", "failed", "skipped"]);
    for (const result of results) {
      const mine = events.filter((event) => event.gate === result.name).map((event) => event.type);
      expect(mine.at(-1), result.name).toBe("end");
      expect(mine.filter((type) => type === "end")).toHaveLength(1);
      if (mine[0] === "start") expect(mine.slice(1, -1).every((type) => type === "output")).toBe(true);
      else expect(mine).toEqual(["end"]);
    }
    const end = events.find((event) => event.type === "end" && event.gate === "a");
    expect(end).toMatchObject({ result: { name: "a", status: "passed" } });
    expect(events.map((event) => event.at)).toEqual(events.map((event) => event.at).sort((x, y) => x - y));
  });

  it("passes names, paths and arguments with shell metacharacters verbatim, never through a shell", async () => {
    const dir = tempDir();
    try {
      const cwd = join(dir.path, "dir with spaces $(touch pwned); && 'q' \"dq\" *");
      mkdirSync(cwd);
      const out = join(dir.path, "args.json");
      const args = [
        "$(touch pwned)",
        "`touch pwned`",
        "; touch pwned",
        "&&",
        "'single' \"double\"",
        "*",
        "a b",
        "",
      ];
      const name = 'lint; touch pwned && echo "$(touch pwned)" *';
      const [result] = await runGates([
        gate(name, [process.execPath, join(import.meta.dirname, "fixtures", "echo-args.mjs"), out, ...args], {
          cwd,
        }),
      ]);
      expect(result).toMatchObject({ name, status: "passed" });
      expect(JSON.parse(readFileSync(out, "utf8"))).toEqual({ args, cwd, env: null });
      expect(result?.outputTail).toBe(args.join("\n"));
      for (const where of [dir.path, cwd, process.cwd()])
        expect(existsSync(join(where, "pwned")), where).toBe(false);
    } finally {
      dir.remove();
    }
  });

  it("resolves a relative cwd against options.cwd and adds env to the environment", async () => {
    const dir = tempDir();
    try {
      mkdirSync(join(dir.path, "packages", "api"), { recursive: true });
      const out = join(dir.path, "args.json");
      const [result] = await runGates(
        [
          gate("api", node("echo-args.mjs", out), {
            cwd: "packages/api",
            env: { GATE_TEST_VALUE: "from the gate" },
          }),
        ],
        { cwd: dir.path },
      );
      expect(result?.status).toBe("passed");
      expect(JSON.parse(readFileSync(out, "utf8"))).toEqual({
        args: [],
        cwd: join(dir.path, "packages", "api"),
        env: "from the gate",
      });
    } finally {
      dir.remove();
    }
  });

  it("reports a program that cannot start as failed, without throwing", async () => {
    const dir = tempDir();
    try {
      writeFileSync(join(dir.path, "file"), "");
      const results = await runGates([
        gate("missing", ["vextrus-no-such-program", "--version"]),
        gate("bad cwd", node("sleep.mjs", "1"), { cwd: join(dir.path, "nowhere") }),
      ]);
      expect(results[0]).toMatchObject({ status: "failed", exitCode: null });
      expect(results[0]?.error).toMatch(/ENOENT/);
      expect(results[1]).toMatchObject({ status: "failed", exitCode: null });
      expect(results[1]?.error).toMatch(/cwd/);
      expect(results.every((result) => !result.error?.includes("\n"))).toBe(true);
    } finally {
      dir.remove();
    }
  });

  it("reports a process killed by a signal with no exit code", async () => {
    const [result] = await runGates([
      gate("crash", [process.execPath, "-e", "process.kill(process.pid, 'SIGSEGV')"]),
    ]);
    expect(result).toMatchObject({ status: "failed", exitCode: null, error: "killed by SIGSEGV" });
  });

  it("leaves nothing behind that keeps the event loop alive", async () => {
    const count = (type: string) => process.getActiveResourcesInfo().filter((info) => info === type).length;
    const timers = count("Timeout");
    await runGates([hang("a", 0.2), sleeper("b", 10), gate("noisy", node("print-lines.mjs", "2000"))], GRACE);
    // A child's handle finishes closing a loop turn or two after its exit: it must get there on its own.
    await vi.waitFor(() => expect(count("ProcessWrap")).toBe(0), { timeout: 5_000, interval: 5 });
    expect(count("Timeout")).toBeLessThanOrEqual(timers);
  });

  it("lets a fresh Node process exit by itself once runGates resolved", async () => {
    const dir = tempDir();
    try {
      // The inner run uses the default 5 s kill grace: a forgotten SIGKILL timer would hold its process that long
      // after it printed its results. Timed from that line, not from spawn, so a slow Node start-up does not count.
      const { onEvent, of } = recorder();
      const [result] = await runGates(
        [
          gate("fresh node", node("run-gates-and-exit.mjs", join(dir.path, "pids.json")), {
            timeout_seconds: 30,
          }),
        ],
        { onEvent, outputIntervalMs: 10 },
      );
      expect(result).toMatchObject({ status: "passed", outputTail: '["timed-out","passed","passed"]' });
      const printed = of("output").find(
        (event) => event.type === "output" && event.lines.some((line) => line.startsWith("[")),
      );
      const ended = of("end")[0];
      expect((ended?.at ?? Number.NaN) - (printed?.at ?? Number.NaN)).toBeLessThan(3000);
    } finally {
      dir.remove();
    }
  });

  it("refuses invalid gates and options before starting anything", async () => {
    const bad = { ...sleeper("a", 1), command: "node -e 0" } as unknown as Gate;
    await expect(runGates([bad])).rejects.toMatchObject({ code: "GATE_INVALID" });
    await expect(runGates([sleeper("a", 1), sleeper("a", 1)])).rejects.toThrow(/two gates have this name/);
    await expect(runGates([sleeper("a", 1)], { concurrency: 0 })).rejects.toThrow(
      "concurrency: expected a whole number of 1 or more",
    );
    await expect(runGates([sleeper("a", 1)], { concurrency: 1.5 })).rejects.toBeInstanceOf(
      VextrusOrchestratorError,
    );
    expect(await runGates([])).toEqual([]);
  });

  it("finishes the gates when a listener throws, then rejects with its error", async () => {
    const boom = new Error("listener broke");
    const { onEvent, of } = recorder();
    await expect(
      runGates([sleeper("a", 20), sleeper("b", 20)], {
        onEvent: (event) => {
          onEvent(event);
          if (event.type === "start") throw boom;
        },
      }),
    ).rejects.toBe(boom);
    expect(of("end")).toHaveLength(2);
  });
});

describe("runGates with agent gates", () => {
  const agent = (name: string, extra: Partial<AgentGate> = {}): AgentGate => ({
    name,
    kind: "agent",
    level: "standard",
    agent: { type: name, prompt: `Review as ${name}` },
    ...extra,
  });

  it("calls runAgent and reports its verdict and output", async () => {
    const calls: string[] = [];
    const runAgent: RunAgent = async (gate) => {
      calls.push(gate.agent.prompt);
      return gate.name === "review"
        ? { passed: true, output: "LGTM" }
        : { passed: false, output: "1. SQL built from user input\r\n2. secret in logs" };
    };
    const results = await runGates([agent("review"), agent("security-sentinel"), sleeper("build", 10)], {
      runAgent,
    });
    expect(calls.sort()).toEqual(["Review as review", "Review as security-sentinel"]);
    expect(results).toEqual([
      {
        name: "review",
        status: "passed",
        exitCode: null,
        durationMs: expect.any(Number),
        outputTail: "LGTM",
      },
      {
        name: "security-sentinel",
        status: "failed",
        exitCode: null,
        durationMs: expect.any(Number),
        outputTail: "1. SQL built from user input\n2. secret in logs",
        error: "security-sentinel did not pass the change",
      },
      expect.objectContaining({ name: "build", status: "passed" }),
    ]);
  });

  it("skips agent gates, with the reason, when no runAgent is given", async () => {
    const results = await runGates([agent("review"), sleeper("build", 10)]);
    expect(results[0]).toEqual({
      name: "review",
      status: "skipped",
      exitCode: null,
      durationMs: 0,
      outputTail: "",
      error: "not run: agent gates need a runAgent, none was given",
      skipReason: "no-agent-runner",
    });
    expect(results[1]?.status).toBe("passed");
  });

  it("reports a runAgent that throws or answers nonsense as failed", async () => {
    const results = await runGates([agent("throws"), agent("nonsense")], {
      runAgent: async (gate) => {
        if (gate.name === "throws") throw new Error("rate limited");
        return { verdict: "ok" } as never;
      },
    });
    expect(results.map((result) => [result.status, result.error])).toEqual([
      ["failed", "runAgent failed: rate limited"],
      ["failed", "runAgent: expected { passed: boolean, output: string }"],
    ]);
  });

  it("times an agent out, aborting the signal it was given, without waiting for it", async () => {
    let seen: AbortSignal | undefined;
    const runAgent: RunAgent = (_gate, { signal }) => {
      seen = signal;
      return new Promise(() => {});
    };
    const [result] = await runGates([agent("slow", { timeout_seconds: 0.1 })], { runAgent });
    expect(result).toMatchObject({ status: "timed-out", error: "timed out after 0.1 s" });
    expect(seen?.aborted).toBe(true);
    expect(seen?.reason).toMatchObject({ code: "TIMEOUT" });
  });

  it("cancels agents on failFast like processes", async () => {
    let seen: AbortSignal | undefined;
    const results = await runGates([agent("slow"), fail], {
      failFast: true,
      runAgent: (_gate, { signal }) => {
        seen = signal;
        return new Promise((_, reject) => signal.addEventListener("abort", () => reject(signal.reason)));
      },
    });
    expect(results.map((result) => result.status)).toEqual(["cancelled", "failed"]);
    expect(seen?.reason).toMatchObject({ code: "ABORTED" });
  });
});
