import type { AgentRunner } from "@vextrus/orchestrator";
import { createClaudeCliRunner } from "@vextrus/orchestrator";
import { createAnthropicSdkRunner } from "@vextrus/orchestrator/anthropic";
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
