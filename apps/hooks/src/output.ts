/** What a hook prints on stdout (Claude Code's hook JSON: docs/claude-code-hooks.md, "Stdout and exit codes"). */
export interface HookOutput {
  continue?: boolean;
  stopReason?: string;
  suppressOutput?: boolean;
  /** Shown to the person, not to the model. */
  systemMessage?: string;
  decision?: "approve" | "block";
  reason?: string;
  hookSpecificOutput?: {
    hookEventName: string;
    /** Added to the model's context (SessionStart, UserPromptSubmit, PostToolUse, SubagentStart/Stop, Stop). */
    additionalContext?: string;
    permissionDecision?: "allow" | "deny" | "ask" | "defer";
    permissionDecisionReason?: string;
    updatedInput?: Record<string, unknown>;
  };
}

/** An event handler: the validated input and context in, the output (or nothing to say) out. */
export type EventHandler = (ctx: import("./context.js").HookContext) => Promise<HookOutput | undefined>;
