import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { fileSystemMistake } from "../src/user-errors.js";
import { runCli } from "./run-cli.js";

// A person's mistake is theirs to fix: exit 1 and one line, `vextrus: <what they typed>: expected …`, with nothing
// written. Exit 70 ("internal error, please report it") is kept for our bugs.

const here = dirname(fileURLToPath(import.meta.url));
const sample = join(here, "..", "..", "..", "packages", "cost", "test", "fixtures", "sample");

/** Every file and folder under `dir`, so a test can show a mistake wrote nothing. */
function tree(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const path = join(d, name);
      out.push(relative(dir, path));
      if (statSync(path).isDirectory()) walk(path);
    }
  };
  walk(dir);
  return out.sort();
}

/** A project with transcripts to read, so a command that got past its options would write its state. */
function project(): { root: string; env: Record<string, string> } {
  const root = mkdtempSync(join(tmpdir(), "vx-mistake-"));
  mkdirSync(join(root, ".git"));
  return { root, env: { CLAUDE_CONFIG_DIR: sample } };
}

async function mistake(argv: string[], setup: (root: string) => Record<string, string> = () => ({})) {
  const { root, env } = project();
  const extra = setup(root);
  const before = tree(root);
  const r = await runCli(argv, { cwd: root, env: { ...env, ...extra } });
  expect(r.code, r.stderr).toBe(1);
  expect(r.stdout).toBe("");
  expect(r.stderr).not.toContain("internal error");
  expect(r.stderr).toMatch(/^vextrus: [^\n]+\n$/);
  expect(tree(root)).toEqual(before);
  return r.stderr.trimEnd();
}

describe("a bad number", () => {
  for (const value of ["abc", "0", "-5", "2.5", "99999"])
    it(`dashboard --days ${value}: names the option, the value and the range`, async () => {
      expect(await mistake(["dashboard", "--days", value])).toBe(
        `vextrus: --days ${value}: expected a whole number from 1 to 3650`,
      );
    });

  it("--days=-5 (the value glued on)", async () => {
    expect(await mistake(["dashboard", "--days=-5"])).toBe(
      "vextrus: --days -5: expected a whole number from 1 to 3650",
    );
  });

  it("complexity --lines -1 and --new-functions many", async () => {
    expect(await mistake(["complexity", "x", "--no-git", "--lines", "-1"])).toBe(
      "vextrus: --lines -1: expected a whole number 0 or more",
    );
    expect(await mistake(["complexity", "x", "--no-git", "--new-functions", "many"])).toBe(
      "vextrus: --new-functions many: expected a whole number 0 or more",
    );
  });

  it("an option given without its value", async () => {
    expect(await mistake(["dashboard", "--days"])).toBe("vextrus: --days: expected a value (--days <n>)");
  });
});

describe("a bad date", () => {
  it("a day that does not exist, in the words of @vextrus/cost", async () => {
    expect(await mistake(["cost", "daily", "--since", "20260230"])).toBe(
      "vextrus: --since: 20260230 is not a date (February 2026 has 28 days); expected YYYYMMDD",
    );
    expect(await mistake(["cost", "--until", "2026-13-01"])).toBe(
      "vextrus: --until: 2026-13-01 is not a date (there is no month 13); expected YYYYMMDD",
    );
  });

  it("--since after --until", async () => {
    expect(await mistake(["cost", "monthly", "--since", "20261130", "--until", "20261101"])).toBe(
      "vextrus: --since 20261130 is after --until 20261101: expected --since on or before --until",
    );
  });

  it("an unknown time zone", async () => {
    expect(await mistake(["cost", "--timezone", "Mars/Olympus"])).toContain(
      'unknown time zone "Mars/Olympus"',
    );
  });
});

describe("a bad --out path", () => {
  it("in a folder that does not exist", async () => {
    const line = await mistake(["report", "weekly", "--out", "missing/report.md"]);
    expect(line).toMatch(
      /^vextrus: --out missing\/report\.md: expected a file in an existing folder; .*missing does not exist$/,
    );
  });

  it("a folder", async () => {
    const line = await mistake(["report", "weekly", "--out", "."]);
    expect(line).toBe("vextrus: --out .: expected a file to write, but this is a folder");
  });

  it("under a file", async () => {
    const line = await mistake(["report", "monthly", "--out", "notes.txt/report.md"], (root) => {
      writeFileSync(join(root, "notes.txt"), "mine\n");
      return {};
    });
    expect(line).toMatch(
      /^vextrus: --out notes\.txt\/report\.md: expected a file in a folder; .*notes\.txt is a file$/,
    );
  });

  // Passes every check up front (even root's), and the write itself fails: still the person's path, one line.
  it.skipIf(!existsSync("/proc/version"))("a file the system will not let anyone write", async () => {
    // The report is computed (and its reading recorded) before the write fails, so only the line is checked here.
    const r = await runCli(["report", "weekly", "--out", "/proc/version"], {
      env: { CLAUDE_CONFIG_DIR: tmpdir() },
    });
    expect([r.code, r.stdout]).toEqual([1, ""]);
    expect(r.stderr).toMatch(
      /^vextrus: --out \/proc\/version: expected a file you may write; writing \/proc\/version failed \(E\w+[^\n]*\n$/,
    );
  });

  // root may write anywhere, so only an ordinary user can see this one.
  it.skipIf(process.getuid?.() === 0)("in a folder that is not writable", async () => {
    const line = await mistake(["report", "weekly", "--out", "locked/report.md"], (root) => {
      mkdirSync(join(root, "locked"), { mode: 0o500 });
      return {};
    });
    expect(line).toMatch(
      /^vextrus: --out locked\/report\.md: expected a file you may write; .*locked is not writable$/,
    );
  });
});

describe("a bad input file", () => {
  it("patterns --history given a folder", async () => {
    expect(await mistake(["patterns", "recommend", "add refunds", "--history", "."])).toBe(
      "vextrus: --history .: expected a file to read, but this is a folder",
    );
  });
});

describe("a value not among the choices", () => {
  it("report's period and --format, gates' --level", async () => {
    expect(await mistake(["report", "yearly"])).toBe(
      "vextrus: report yearly: expected one of weekly, monthly",
    );
    expect(await mistake(["report", "weekly", "--format", "pdf"])).toBe(
      "vextrus: --format pdf: expected one of md, html, json",
    );
    expect(await mistake(["gates", "--level", "extreme"])).toBe(
      "vextrus: --level extreme: expected one of auto, minimal, standard, thorough, comprehensive",
    );
  });

  it("rollback of a feature that does not exist lists the valid ones", async () => {
    const line = await mistake(["rollback", "warp-drive"]);
    expect(line).toMatch(/^vextrus: unknown feature "warp-drive"; valid features: .*agent-caching/);
  });
});

describe("an unknown command or option", () => {
  it("an unknown command lists the valid ones, and suggests the nearest", async () => {
    const line = await mistake(["cots"]);
    expect(line).toMatch(
      /^vextrus: cots: unknown command; expected one of cost, risk, complexity, cache, gates, /,
    );
    expect(line).toContain("init, config, rollback");
    expect(line).toContain("(did you mean cost?)");
  });

  it("an unknown subcommand, under a command with its own action and without", async () => {
    expect(await mistake(["cost", "fortnightly"])).toBe(
      "vextrus: cost fortnightly: unknown command; expected one of daily, weekly, monthly, session, project, models, agents, blocks, budget",
    );
    expect(await mistake(["cache", "purge"])).toMatch(
      /^vextrus: cache purge: unknown command; expected one of stats, prune, clear( \(did you mean .*\?\))?$/,
    );
    expect(await mistake(["config", "edit"])).toMatch(
      /^vextrus: config edit: unknown command; expected one of show, validate/,
    );
  });

  it("an unknown option lists the command's options, and suggests the nearest", async () => {
    const line = await mistake(["dashboard", "--dayz", "7"]);
    expect(line).toBe(
      "vextrus: --dayz: unknown option of dashboard; expected one of --days, --since, --until, --timezone, --json, --team, --help (did you mean --days?)",
    );
    expect(await mistake(["--verbose"])).toMatch(
      /^vextrus: --verbose: unknown option; expected one of --version/,
    );
  });

  it("a missing argument, and one too many", async () => {
    expect(await mistake(["complexity"])).toBe(
      "vextrus: complexity: expected <description> (the task, in words)",
    );
    expect(await mistake(["init", "now"])).toBe(
      "vextrus: init now: unexpected argument; expected no arguments",
    );
  });
});

describe("a state folder that is a file", () => {
  // Commands that keep state there (reading ones find nothing and say so).
  for (const argv of [
    ["cache", "prune"],
    ["cache", "clear"],
  ])
    it(`vextrus ${argv.join(" ")} names the path`, async () => {
      const line = await mistake(argv, (root) => {
        writeFileSync(join(root, "state-file"), "");
        return { VEXTRUS_STATE_DIR: join(root, "state-file") };
      });
      expect(line).toContain("state-file");
    });

  it("init says which path and what it expected", async () => {
    const line = await mistake(["init", "--force"], (root) => {
      writeFileSync(join(root, "state-file"), "");
      return { VEXTRUS_STATE_DIR: join(root, "state-file") };
    });
    expect(line).toContain("state-file");
    expect(line).toContain("expected");
  });
});

describe("through the installed command", () => {
  it("exits 1 with the one line, from the bin a person runs", () => {
    const r = spawnSync(
      process.execPath,
      [join(here, "..", "bin", "vextrus.js"), "dashboard", "--days", "0"],
      {
        encoding: "utf8",
        env: { PATH: dirname(process.execPath), HOME: tmpdir() },
      },
    );
    expect([r.status, r.stdout, r.stderr]).toEqual([
      1,
      "",
      "vextrus: --days 0: expected a whole number from 1 to 3650\n",
    ]);
  });
});

describe("what stays a bug", () => {
  it("a file missing where our own code expected one is not passed off as the person's mistake", () => {
    const missing = Object.assign(new Error("ENOENT: no such file"), {
      code: "ENOENT",
      path: "/x/dist/worker.js",
    });
    expect(fileSystemMistake(missing)).toBeUndefined();
    const enotdir = Object.assign(new Error("ENOTDIR"), { code: "ENOTDIR", path: "/p/state/vextrus.db" });
    expect(fileSystemMistake(enotdir)).toBe(
      "/p/state/vextrus.db: expected a folder, but a part of this path is a file",
    );
  });
});
