import { describe, expect, it } from "vitest";
import { VextrusOrchestratorError } from "../errors.js";
import { parseGatesConfig, validateGates } from "./config.js";
import type { Gate } from "./gate.js";

describe("parseGatesConfig", () => {
  it("reads command and agent gates in the config's order, kind defaulting to command", () => {
    expect(
      parseGatesConfig({
        lint: { command: ["pnpm", "lint"], level: "minimal", timeout_seconds: 120 },
        "api tests": { command: ["pnpm", "test"], cwd: "packages/api", env: { CI: "1" }, level: "standard" },
        security: {
          kind: "agent",
          level: "thorough",
          agent: { type: "security-sentinel", prompt: "Audit", model: "opus" },
        },
        review: { level: "standard", agent: { type: "code-reviewer", prompt: "Review" } },
      }),
    ).toEqual({
      gates: [
        { name: "lint", kind: "command", level: "minimal", command: ["pnpm", "lint"], timeout_seconds: 120 },
        {
          name: "api tests",
          kind: "command",
          level: "standard",
          command: ["pnpm", "test"],
          cwd: "packages/api",
          env: { CI: "1" },
        },
        {
          name: "security",
          kind: "agent",
          level: "thorough",
          agent: { type: "security-sentinel", prompt: "Audit", model: "opus" },
        },
        {
          name: "review",
          kind: "agent",
          level: "standard",
          agent: { type: "code-reviewer", prompt: "Review" },
        },
      ],
      warnings: [],
    });
  });

  it("treats a missing block as no gates", () => {
    expect(parseGatesConfig(undefined)).toEqual({ gates: [], warnings: [] });
  });

  it("refuses a shell string, saying why", () => {
    expect(() => parseGatesConfig({ test: { command: "pnpm test && rm -rf /", level: "minimal" } })).toThrow(
      'optimization.quality.gates.test.command: expected an argv array such as ["pnpm", "test"]: commands never go through a shell',
    );
  });

  it("names the path and what is expected", () => {
    const cases: [unknown, string | RegExp][] = [
      [
        { lint: { command: ["pnpm", "lint"] } },
        'gates.lint.level: expected "minimal", "standard", "thorough"',
      ],
      [{ lint: { command: ["pnpm", "lint"], level: "max" } }, /gates\.lint\.level: expected "minimal"/],
      [
        { lint: { command: ["pnpm", "lint"], level: "minimal", timeout_seconds: 0 } },
        "optimization.quality.gates.lint.timeout_seconds: expected a positive number of seconds",
      ],
      [
        { lint: { command: ["pnpm", "lint"], level: "minimal", timeout_seconds: "60" } },
        "gates.lint.timeout_seconds: expected a positive number",
      ],
      [{ lint: { command: [], level: "minimal" } }, "gates.lint.command: expected an argv array"],
      [{ lint: { command: ["pnpm", 1], level: "minimal" } }, "gates.lint.command[1]: expected an argv array"],
      [{ lint: { command: ["", "x"], level: "minimal" } }, "gates.lint.command[0]: expected the program"],
      [{ lint: { level: "minimal" } }, "gates.lint.command: expected an argv array"],
      [
        { lint: { command: ["x"], level: "minimal", env: { CI: 1 } } },
        "gates.lint.env.CI: expected a string value",
      ],
      [
        { lint: { command: ["x"], level: "minimal", kind: "shell" } },
        'gates.lint.kind: expected "command" or "agent"',
      ],
      [{ review: { kind: "agent", level: "standard" } }, "gates.review.agent: expected an object such as"],
      [
        { review: { kind: "agent", level: "standard", agent: { type: "r" } } },
        "gates.review.agent.prompt: expected a non-empty string",
      ],
      [
        { review: { kind: "agent", level: "standard", command: ["x"], agent: { type: "r", prompt: "p" } } },
        "gates.review.command: agent gates run no command",
      ],
      [
        { lint: { command: ["x"], level: "minimal", agent: { type: "r", prompt: "p" } } },
        'gates.lint.agent: only gates of kind "agent" take an agent',
      ],
      [{ lint: "pnpm lint" }, "gates.lint: expected an object such as"],
      [["pnpm lint"], "optimization.quality.gates: expected an object of gate name → gate"],
    ];
    for (const [input, message] of cases) {
      expect(() => parseGatesConfig(input), JSON.stringify(input)).toThrow(message);
    }
  });

  it("throws VextrusOrchestratorError CONFIG_INVALID under the given path", () => {
    const error = catchError(() =>
      parseGatesConfig({ lint: { command: "x", level: "minimal" } }, "settings.gates"),
    );
    expect(error).toBeInstanceOf(VextrusOrchestratorError);
    expect(error).toMatchObject({ code: "CONFIG_INVALID" });
    expect((error as Error).message).toMatch(/^\[vextrus\] \[orchestrator\] settings\.gates\.lint\.command:/);
  });

  it("reports keys that are not ours as warnings", () => {
    const { gates, warnings } = parseGatesConfig({
      lint: { command: ["x"], level: "minimal", timeout: 5 },
      review: { level: "standard", agent: { type: "r", prompt: "p", temperature: 0 } },
    });
    expect(gates.map((gate) => gate.name)).toEqual(["lint", "review"]);
    expect(warnings).toEqual([
      "optimization.quality.gates.lint.timeout: unknown setting, ignored",
      "optimization.quality.gates.review.agent.temperature: unknown setting, ignored",
    ]);
  });

  it("keeps names and arguments verbatim, shell metacharacters included", () => {
    const command = ["node", "$(touch pwned)", "; rm -rf /", "&&", "'q' \"dq\"", "*"];
    const { gates } = parseGatesConfig({ "a; b && $(c)": { command, level: "minimal" } });
    expect(gates).toEqual([{ name: "a; b && $(c)", kind: "command", level: "minimal", command }]);
  });
});

describe("validateGates", () => {
  const lint: Gate = { name: "lint", kind: "command", level: "minimal", command: ["pnpm", "lint"] };

  it("accepts parsed gates", () => {
    expect(() => validateGates([lint])).not.toThrow();
  });

  it("refuses a string command, a duplicate name or a missing name with GATE_INVALID", () => {
    const bad = { ...lint, command: "pnpm lint" } as unknown as Gate;
    expect(catchError(() => validateGates([bad]))).toMatchObject({
      code: "GATE_INVALID",
      message: expect.stringContaining("gates.lint.command: expected an argv array"),
    });
    expect(() => validateGates([lint, lint])).toThrow("gates.lint: two gates have this name");
    expect(() => validateGates([{ ...lint, name: "" }])).toThrow(
      "gates[0].name: expected a non-empty string",
    );
    expect(() => validateGates("lint" as unknown as Gate[])).toThrow("gates: expected an array of gates");
  });
});

function catchError(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error("expected a throw");
}
