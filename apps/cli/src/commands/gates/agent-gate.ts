import type { AgentGate, AgentGateOutcome, AgentRunner, RunAgent } from "@vextrus/orchestrator";
import { createAnthropicSdkRunner, createClaudeCliRunner } from "@vextrus/orchestrator";
import { execaSync } from "execa";

/** How agent gates run here: the Messages API with a key, else headless Claude Code when installed, else not. */
export function agentRunnerFor(env: Record<string, string | undefined>, cwd: string): AgentRunner | null {
  if (env.ANTHROPIC_API_KEY) {
    return createAnthropicSdkRunner({
      apiKey: env.ANTHROPIC_API_KEY,
      ...(env.ANTHROPIC_BASE_URL && { baseURL: env.ANTHROPIC_BASE_URL }),
    });
  }
  const claude = execaSync("claude", ["--version"], { reject: false, env, timeout: 5000 });
  return claude.exitCode === 0 ? createClaudeCliRunner({ cwd, env, bare: false }) : null;
}

const MAX_DIFF = 100_000;

/** An agent gate asks the reviewer for a verdict on the diff: `PASS` or `FAIL` on the first line. */
export function agentGateRunner(runner: AgentRunner, diff: string): RunAgent {
  const shown =
    diff.length > MAX_DIFF ? `${diff.slice(0, MAX_DIFF)}\n… (diff cut at ${MAX_DIFF} characters)` : diff;
  return async (gate: AgentGate, { signal }): Promise<AgentGateOutcome> => {
    const result = await runner.run({
      agent: gate.agent.type,
      model: gate.agent.model ?? "sonnet",
      prompt: `${gate.agent.prompt}\n\nAnswer with PASS or FAIL alone on the first line, then your findings.\n\n\`\`\`diff\n${shown}\n\`\`\``,
      signal,
    });
    return { passed: /^\s*\**PASS\b/i.test(result.output), output: result.output };
  };
}
