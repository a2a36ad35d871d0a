import { GATE_PLANS } from "@vextrus/risk";
import { describe, expect, it } from "vitest";
import { parseGatesConfig, validateGates } from "./config.js";
import { DEFAULT_GATE_TIMEOUT_SECONDS, defaultGates, packageManagerFromLockfiles } from "./defaults.js";
import type { Gate } from "./gate.js";

const SCRIPTS = { build: "tsup", lint: "biome check .", test: "vitest run", dev: "tsup --watch" };
const AGENTS = [
  ["review", "standard"],
  ["security-scan", "thorough"],
  ["kieran-reviewer", "thorough"],
  ["performance-oracle", "comprehensive"],
  ["security-sentinel", "comprehensive"],
  ["data-integrity-guardian", "comprehensive"],
  ["architecture-strategist", "comprehensive"],
];

const summary = (gates: Gate[]) =>
  gates.map((gate) => [
    gate.name,
    gate.level,
    gate.kind === "command" ? gate.command.join(" ") : gate.agent.type,
  ]);

describe("defaultGates", () => {
  it("runs the project's build, lint and test scripts through its package manager, then the reviewer agents", () => {
    const gates = defaultGates({ packageManager: "pnpm", scripts: SCRIPTS });
    expect(summary(gates)).toEqual([
      ["build", "minimal", "pnpm run build"],
      ["lint", "minimal", "pnpm run lint"],
      ["tests", "minimal", "pnpm run test"],
      ...AGENTS.map(([name, level]) => [name, level, name]),
    ]);
    expect(gates.every((gate) => gate.timeout_seconds === DEFAULT_GATE_TIMEOUT_SECONDS)).toBe(true);
    expect(gates.filter((gate) => gate.kind === "agent").every((gate) => gate.agent.prompt.length > 20)).toBe(
      true,
    );
    expect(() => validateGates(gates)).not.toThrow();
  });

  it("gives each gate the lowest level whose @vextrus/risk plan lists it", () => {
    for (const gate of defaultGates({ packageManager: "npm", scripts: SCRIPTS })) {
      expect(GATE_PLANS[gate.level].gates, gate.name).toContain(gate.name);
    }
  });

  it("takes a package manager or a lockfile name", () => {
    const command = (packageManager: string) =>
      (defaultGates({ packageManager, scripts: { lint: "eslint ." } })[0] as { command: string[] }).command;
    expect(command("npm")).toEqual(["npm", "run", "lint"]);
    expect(command("yarn.lock")).toEqual(["yarn", "run", "lint"]);
    expect(command("bun.lockb")).toEqual(["bun", "run", "lint"]);
    expect(command("bun.lock")).toEqual(["bun", "run", "lint"]);
    expect(command("package-lock.json")).toEqual(["npm", "run", "lint"]);
    expect(command("pnpm-lock.yaml")).toEqual(["pnpm", "run", "lint"]);
    expect(() => command("cargo")).toThrow(
      /packageManager: expected "pnpm", "npm", "yarn", "bun" or a lockfile/,
    );
    expect(() => command("toString")).toThrow(/packageManager: expected/);
  });

  it("makes gates only of the scripts that exist, skipping npm's placeholder test script", () => {
    const gates = defaultGates({
      packageManager: "npm",
      scripts: { lint: "eslint .", test: 'echo "Error: no test specified" && exit 1' },
    });
    expect(gates.filter((gate) => gate.kind === "command").map((gate) => gate.name)).toEqual(["lint"]);
    expect(summary(defaultGates({ packageManager: "npm" })).length).toBe(AGENTS.length);
  });

  it("matches what parseGatesConfig would read for the same gates", () => {
    const gates = defaultGates({ packageManager: "pnpm", scripts: SCRIPTS });
    const config = Object.fromEntries(gates.map(({ name, ...gate }) => [name, gate]));
    expect(parseGatesConfig(config).gates).toEqual(gates);
  });
});

describe("packageManagerFromLockfiles", () => {
  it("finds the package manager from a project's root file names", () => {
    expect(packageManagerFromLockfiles(["package.json", "pnpm-lock.yaml", "src"])).toBe("pnpm");
    expect(packageManagerFromLockfiles(["yarn.lock"])).toBe("yarn");
    expect(packageManagerFromLockfiles(["bun.lockb"])).toBe("bun");
    expect(packageManagerFromLockfiles(["npm-shrinkwrap.json"])).toBe("npm");
    expect(packageManagerFromLockfiles(["package-lock.json", "pnpm-lock.yaml"])).toBe("pnpm");
    expect(packageManagerFromLockfiles(["package.json"])).toBeUndefined();
  });
});
