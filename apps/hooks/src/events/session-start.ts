import type { EventHandler } from "../output.js";
import { prewarmHint } from "../prewarm.js";
import { loadHookSettings } from "../settings.js";
import { currentBranch, sessionStatus } from "../status.js";

/** Branch names that say nothing about the work on them. */
const TRUNKS = new Set(["main", "master", "develop", "trunk", "dev"]);

/** A short status for the person (systemMessage) and the model (additionalContext) as a session starts. */
export const sessionStart: EventHandler = async (ctx) => {
  const settings = loadHookSettings(ctx);
  const lines = settings.flag("monitoring", "show_dashboard_on_start")
    ? await sessionStatus(ctx, settings)
    : [];
  if (settings.flag("latency", "predictive_prewarming")) {
    // Before the first prompt the branch name is the best description of the task at hand.
    const branch = currentBranch(ctx.projectRoot);
    const words = branch && !TRUNKS.has(branch) ? branch.replace(/[/_.-]+/g, " ") : undefined;
    const hint = words && (await prewarmHint(ctx, words));
    if (hint) lines.push(hint);
  }
  if (lines.length === 0) return undefined;
  const text = `Vextrus: ${lines.join(" ")}`;
  return {
    systemMessage: text,
    hookSpecificOutput: { hookEventName: "SessionStart", additionalContext: text },
  };
};
