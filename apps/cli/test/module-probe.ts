import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/**
 * Runs node with `args` under a probe that writes, as the process exits, Node's `process.moduleLoadList`: every
 * internal module it loaded (`NativeModule internal/worker`, …), one a line.
 */
export function runWithModuleProbe(
  args: string[],
  options: { cwd: string; env: NodeJS.ProcessEnv; input?: string },
): { status: number | null; stdout: string; stderr: string; modules: string[] } {
  const dir = mkdtempSync(join(tmpdir(), "vx-probe-"));
  const probe = join(dir, "probe.cjs");
  const out = join(dir, "modules.txt");
  writeFileSync(
    probe,
    `process.on("exit", () => require("node:fs").writeFileSync(${JSON.stringify(out)}, process.moduleLoadList.join("\\n")));\n`,
  );
  const r = spawnSync(process.execPath, ["--require", probe, ...args], {
    cwd: options.cwd,
    input: options.input ?? "",
    env: options.env,
    encoding: "utf8",
  });
  let modules: string[] = [];
  try {
    modules = readFileSync(out, "utf8").split("\n");
  } catch {
    // The process died before its exit handler ran: the caller's status check says so.
  }
  return { status: r.status, stdout: r.stdout, stderr: r.stderr, modules };
}
