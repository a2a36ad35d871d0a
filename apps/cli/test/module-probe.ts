import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/**
 * Runs node with `args` under a probe that writes, as the process exits, Node's `process.moduleLoadList`: every
 * internal module it loaded (`NativeModule internal/worker`, …), one a line. With `files`, it also lists the URL of
 * every file module loaded (`file:///…/dist/run-bundle.js`), seen through a module load hook.
 */
export function runWithModuleProbe(
  args: string[],
  options: { cwd: string; env: NodeJS.ProcessEnv; input?: string; files?: boolean },
): { status: number | null; stdout: string; stderr: string; modules: string[]; files: string[] } {
  const dir = mkdtempSync(join(tmpdir(), "vx-probe-"));
  const probe = join(dir, "probe.cjs");
  const out = join(dir, "modules.txt");
  const filesOut = join(dir, "files.txt");
  const hook = options.files
    ? `const files = []; require("node:module").registerHooks({ load(url, context, next) { if (url.startsWith("file:")) files.push(url); return next(url, context); } });
process.on("exit", () => require("node:fs").writeFileSync(${JSON.stringify(filesOut)}, files.join("\\n")));\n`
    : "";
  writeFileSync(
    probe,
    `${hook}process.on("exit", () => require("node:fs").writeFileSync(${JSON.stringify(out)}, process.moduleLoadList.join("\\n")));\n`,
  );
  const r = spawnSync(process.execPath, ["--require", probe, ...args], {
    cwd: options.cwd,
    input: options.input ?? "",
    env: options.env,
    encoding: "utf8",
  });
  // A file is missing when the process died before its exit handlers ran: the caller's status check says so.
  const lines = (path: string) => {
    try {
      return readFileSync(path, "utf8").split("\n").filter(Boolean);
    } catch {
      return [];
    }
  };
  return {
    status: r.status,
    stdout: r.stdout,
    stderr: r.stderr,
    modules: lines(out),
    files: lines(filesOut),
  };
}
