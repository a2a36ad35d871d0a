import { readFileSync } from "node:fs";
import { join } from "node:path";

/**
 * The model an agent's definition pins (`model:` in the front matter of `.claude/agents/<type>.md`, project
 * first, then the user's), or undefined when it pins none or says `inherit`. A pinned model is the team's choice:
 * automatic selection leaves it alone.
 */
export function definedModel(agentType: string, projectRoot: string, home: string): string | undefined {
  if (!/^[\w.-]{1,100}$/.test(agentType)) return undefined;
  for (const dir of [join(projectRoot, ".claude", "agents"), join(home, ".claude", "agents")]) {
    let text: string;
    try {
      text = readFileSync(join(dir, `${agentType}.md`), "utf8");
    } catch {
      continue;
    }
    const front = /^---\r?\n([\s\S]*?)\r?\n---/.exec(text)?.[1] ?? "";
    const model = /^model:\s*["']?([^"'\s#]+)/m.exec(front)?.[1];
    return model && model !== "inherit" ? model : undefined;
  }
  return undefined;
}
