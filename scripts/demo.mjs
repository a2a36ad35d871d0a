// The README's first command: `vextrus cost` on this machine's Claude Code transcripts, or on the bundled sample
// when there are none (a fresh machine), so a newcomer sees real output without a server or an API key.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync } from "node:fs";
import { homedir, tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const cli = join(root, "apps", "cli", "bin", "vextrus.js");
const sample = join(root, "packages", "cost", "test", "fixtures", "sample");

function hasTranscripts(dir) {
  if (!existsSync(dir)) return false;
  return readdirSync(dir, { recursive: true }).some((name) => String(name).endsWith(".jsonl"));
}

const configured = process.env.CLAUDE_CONFIG_DIR?.split(",").filter(Boolean);
const roots = configured?.length
  ? configured
  : [join(process.env.XDG_CONFIG_HOME || join(homedir(), ".config"), "claude"), join(homedir(), ".claude")];
const env = { ...process.env };
if (!roots.some((r) => hasTranscripts(join(r, "projects")) || hasTranscripts(r))) {
  console.error(`No Claude Code transcripts on this machine: showing the bundled sample (${sample}).\n`);
  env.CLAUDE_CONFIG_DIR = sample;
  env.VEXTRUS_STATE_DIR = mkdtempSync(join(tmpdir(), "vextrus-demo-"));
}
for (const args of [
  ["cost", "daily", "--breakdown"],
  ["cost", "agents"],
  ["cost", "budget"],
]) {
  console.log(`\n$ vextrus ${args.join(" ")}`);
  const r = spawnSync(process.execPath, [cli, ...args], { stdio: "inherit", env });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
