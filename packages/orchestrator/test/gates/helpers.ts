import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { CommandGate, GateEvent, GateLevel } from "../../src/gates/gate.js";

export const FIXTURES = fileURLToPath(new URL("./fixtures/", import.meta.url));

/** argv running a fixture shell script: up within a millisecond, where a test times a sub-second deadline. */
export function shell(script: string, ...args: string[]): string[] {
  return ["sh", join(FIXTURES, script), ...args];
}

/** argv running a fixture script with this very Node. */
export function node(script: string, ...args: string[]): string[] {
  return [process.execPath, join(FIXTURES, script), ...args];
}

export function gate(
  name: string,
  command: string[],
  extra: Partial<Omit<CommandGate, "name" | "kind" | "command">> = {},
): CommandGate {
  return { name, kind: "command", level: "minimal" as GateLevel, command, ...extra };
}

/** A fixture sleeping `ms` then exiting with `code`. */
export function sleeper(name: string, ms: number, code = 0): CommandGate {
  return gate(name, node("sleep.mjs", String(ms), String(code)));
}

export function tempDir(prefix = "vextrus-gates-"): { path: string; remove: () => void } {
  const path = mkdtempSync(join(tmpdir(), prefix));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}

export function readPids(file: string): { child: number; grandchild: number } {
  return JSON.parse(readFileSync(file, "utf8"));
}

/**
 * Whether process `pid` has exited. A zombie has: it only waits for its parent to collect its exit status, and
 * an orphan's new parent is PID 1, which in some containers (this project's sandbox among them) never does.
 */
export function isGone(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "ESRCH";
  }
  const stat = `/proc/${pid}/stat`;
  if (!existsSync(stat)) return false;
  const text = readFileSync(stat, "utf8");
  return text.slice(text.lastIndexOf(")") + 2).startsWith("Z");
}

export function killQuietly(pid: number): void {
  try {
    process.kill(pid, "SIGKILL");
  } catch {
    // already gone
  }
}

/** Records events with their arrival time, for order and overlap checks. */
export function recorder() {
  const events: GateEvent[] = [];
  const onEvent = (event: GateEvent) => {
    events.push(event);
  };
  const of = (type: GateEvent["type"]) => events.filter((event) => event.type === type);
  /** [start, end] wall times per gate that started. */
  const spans = () =>
    of("start").map((start) => {
      const end = events.find((event) => event.type === "end" && event.gate === start.gate);
      return { gate: start.gate, start: start.at, end: end?.at ?? Number.POSITIVE_INFINITY };
    });
  return { events, onEvent, of, spans };
}

/** The largest number of spans open at the same time. */
export function maxOverlap(spans: { start: number; end: number }[]): number {
  const points = spans.flatMap((span) => [
    { at: span.start, delta: 1 },
    { at: span.end, delta: -1 },
  ]);
  // Ends before starts at the same millisecond: a slot freed and reused at once is not an overlap.
  points.sort((a, b) => a.at - b.at || a.delta - b.delta);
  let open = 0;
  let max = 0;
  for (const point of points) {
    open += point.delta;
    max = Math.max(max, open);
  }
  return max;
}
