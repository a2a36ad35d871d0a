// What a line walk keeps of a transcript line (docs/transcripts.md), in reused objects: the caller reads them before
// the next line.
import type { ApiUsage } from "./usage.js";

/** A line's `type`: None when it has no `type` key (yet); Other for any other type or a type that is no string. */
export const LineType = { None: 0, Assistant: 1, Progress: 2, User: 3, Other: 4 } as const;
export type LineType = (typeof LineType)[keyof typeof LineType];

/** A `message` object: Claude Code's copy of the API response. */
export interface MessageView {
  present: boolean;
  id: string | null;
  model: string | null;
  /** `usage` was an object. */
  hasUsage: boolean;
  /** It held `output_tokens` (every API usage object does). */
  usageHasOutput: boolean;
  usage: ApiUsage;
  /** `Task`/`Agent` tool_use blocks in `content`: tool use id, then subagent type (null when not named). */
  calls: Array<string | null>;
  /** The objects `usage.cache_creation` and `usage.server_tool_use` are read into, reused line after line. */
  nested: { split: Record<string, unknown>; tools: Record<string, unknown> };
}

export interface LineView {
  type: LineType;
  message: MessageView;
  requestId: string | null;
  timestamp: string | null;
  sessionId: string | null;
  agentId: string | null;
  isSidechain: boolean;
  parentToolUseId: string | null;
  /**
   * Of a user line, walked only when asked (walkLine's `user`): the first content block's `tool_use_id`, or the span
   * of `message.content` when it is one string (quotes included; -1 when not).
   */
  user: { toolUseId: string | null; textStart: number; textEnd: number };
  /** `data` of a progress line. */
  data: {
    present: boolean;
    agentProgress: boolean;
    agentId: string | null;
    /** `data.message`: the echoed line. */
    wrapper: {
      present: boolean;
      assistant: boolean;
      /** undefined when absent or null (the line's own timestamp then applies); "" when not a string. */
      timestamp: string | undefined;
      requestId: string | null;
      message: MessageView;
    };
  };
}

function messageView(): MessageView {
  const usage: ApiUsage = {};
  const nested = {
    split: { ephemeral_1h_input_tokens: undefined },
    tools: { web_search_requests: undefined },
  };
  return {
    present: false,
    id: null,
    model: null,
    hasUsage: false,
    usageHasOutput: false,
    usage,
    calls: [],
    nested,
  };
}

/** The scratch view every walk fills; one per thread. */
export const view: LineView = {
  type: LineType.None,
  message: messageView(),
  requestId: null,
  timestamp: null,
  sessionId: null,
  agentId: null,
  isSidechain: false,
  parentToolUseId: null,
  user: { toolUseId: null, textStart: -1, textEnd: -1 },
  data: {
    present: false,
    agentProgress: false,
    agentId: null,
    wrapper: {
      present: false,
      assistant: false,
      timestamp: undefined,
      requestId: null,
      message: messageView(),
    },
  },
};

export function resetMessage(m: MessageView): void {
  m.present = false;
  m.id = null;
  m.model = null;
  m.hasUsage = false;
  m.usageHasOutput = false;
  // Setting an array's length goes through the runtime even when it is already 0 (twice per line, most lines).
  if (m.calls.length !== 0) m.calls.length = 0;
}

export function resetView(): void {
  view.type = LineType.None;
  resetMessage(view.message);
  view.requestId = null;
  view.timestamp = null;
  view.sessionId = null;
  view.agentId = null;
  view.isSidechain = false;
  view.parentToolUseId = null;
  view.user.toolUseId = null;
  view.user.textStart = -1;
  view.user.textEnd = -1;
  resetData(view.data);
}

export function resetData(d: LineView["data"]): void {
  d.present = false;
  d.agentProgress = false;
  d.agentId = null;
  resetWrapper(d.wrapper);
}

export function resetWrapper(w: LineView["data"]["wrapper"]): void {
  w.present = false;
  w.assistant = false;
  w.timestamp = undefined;
  w.requestId = null;
  resetMessage(w.message);
}
