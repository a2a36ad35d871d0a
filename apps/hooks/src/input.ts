import { formatIssue } from "@vextrus/errors";
import * as z from "zod/mini";

// zod/mini, not zod: the same checks in a bundle a sixth the size, which is ~6 ms of every hook's start-up.
// Objects are loose: Claude Code adds fields between versions, and a field we do not read is no reason to fail.

const text = z.optional(z.string());

/** Fields every event carries (docs/claude-code-hooks.md, "Stdin"); only the event name is required. */
export const hookInputSchema = z.looseObject({
  hook_event_name: z.string(),
  session_id: text,
  transcript_path: text,
  cwd: text,
  permission_mode: text,
  agent_id: text,
  agent_type: text,
  // UserPromptSubmit
  prompt: text,
  // SessionStart
  source: text,
  model: text,
  // PreToolUse / PostToolUse
  tool_name: text,
  tool_input: z.optional(z.unknown()),
  tool_use_id: text,
  tool_response: z.optional(z.unknown()),
  duration_ms: z.optional(z.number()),
  // PostToolUseFailure
  error: z.optional(z.unknown()),
  is_interrupt: z.optional(z.boolean()),
  // SessionEnd, Stop, SubagentStop
  reason: text,
  stop_hook_active: z.optional(z.boolean()),
  last_assistant_message: z.optional(z.nullable(z.string())),
  agent_transcript_path: text,
});

export type HookInput = z.infer<typeof hookInputSchema>;

/** The `Agent` (formerly `Task`) tool's input; `prompt` is what the subagent is asked. */
const agentToolInputSchema = () =>
  z.looseObject({
    prompt: z.string(),
    description: text,
    subagent_type: text,
    model: text,
    run_in_background: z.optional(z.boolean()),
  });

export type AgentToolInput = z.infer<ReturnType<typeof agentToolInputSchema>>;

const count = z.optional(z.nullable(z.number()));

/** A finished foreground `Agent` call's `tool_response` (2.1.332); a background one says `async_launched`. */
const agentToolResponseSchema = () =>
  z.looseObject({
    status: text,
    agentId: text,
    content: z.optional(z.array(z.looseObject({ type: z.string(), text: text }))),
    resolvedModel: text,
    totalDurationMs: count,
    usage: z.optional(
      z.looseObject({
        input_tokens: count,
        output_tokens: count,
        cache_creation_input_tokens: count,
        cache_read_input_tokens: count,
        cache_creation: z.optional(
          z.nullable(
            z.looseObject({
              ephemeral_5m_input_tokens: count,
              ephemeral_1h_input_tokens: count,
            }),
          ),
        ),
        inference_geo: z.optional(z.nullable(z.string())),
        speed: z.optional(z.nullable(z.string())),
      }),
    ),
  });

export type AgentToolResponse = z.infer<ReturnType<typeof agentToolResponseSchema>>;

/** `input.tool_input.prompt: expected string` from a zod/mini issue list: its first problem, worded as everywhere. */
export function describeIssue(error: z.core.$ZodError, root: string): string {
  const issue = error.issues[0];
  return issue ? formatIssue(issue, root) : `${root}: invalid`;
}

/** A validation's outcome, with the first problem as `tool_input.prompt: expected string`. */
export type Checked<T> = { ok: true; data: T } | { ok: false; message: string };

/** A check whose schema is built on first use: most events never need it, and building one costs start-up. */
function checker<T>(build: () => z.ZodMiniType<T>, root: string): (value: unknown) => Checked<T> {
  let schema: z.ZodMiniType<T> | undefined;
  return (value) => {
    schema ??= build();
    const r = schema.safeParse(value);
    return r.success ? { ok: true, data: r.data } : { ok: false, message: describeIssue(r.error, root) };
  };
}

/**
 * The checks events need, handed to them through the context: the events are built apart from the entry (see
 * tsup.config.ts) and importing zod/mini there would load the chunk of zod's core they share with full zod.
 */
export const validators = {
  agentInput: checker(agentToolInputSchema, "tool_input"),
  agentResponse: checker(agentToolResponseSchema, "tool_response"),
};

export type Validators = typeof validators;
