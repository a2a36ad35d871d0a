// Builders of Claude Code transcript lines (compact JSON, as Claude Code writes them) for tests.
export interface UsageSpec {
  input?: number;
  output?: number;
  write5m?: number;
  write1h?: number;
  read?: number;
  speed?: string;
  geo?: string;
  webSearches?: number;
}

export function usage(u: UsageSpec = {}) {
  return {
    input_tokens: u.input ?? 0,
    cache_creation_input_tokens: (u.write5m ?? 0) + (u.write1h ?? 0),
    cache_read_input_tokens: u.read ?? 0,
    cache_creation: { ephemeral_5m_input_tokens: u.write5m ?? 0, ephemeral_1h_input_tokens: u.write1h ?? 0 },
    output_tokens: u.output ?? 0,
    service_tier: "standard",
    ...(u.speed && { speed: u.speed }),
    ...(u.geo && { inference_geo: u.geo }),
    ...(u.webSearches && { server_tool_use: { web_search_requests: u.webSearches } }),
  };
}

export interface AssistantSpec extends UsageSpec {
  id?: string;
  req?: string | null;
  model?: string;
  ts?: string;
  session?: string;
  sidechain?: boolean;
  agentId?: string;
  content?: unknown[];
}

export function assistantLine(a: AssistantSpec = {}): string {
  return JSON.stringify({
    parentUuid: null,
    isSidechain: a.sidechain ?? false,
    cwd: "/home/dev/app",
    sessionId: a.session ?? "s1",
    ...(a.agentId && { agentId: a.agentId }),
    message: {
      model: a.model ?? "claude-sonnet-4-5-20250929",
      ...(a.id !== undefined && { id: a.id }),
      type: "message",
      role: "assistant",
      content: a.content ?? [{ type: "text", text: "ok" }],
      usage: usage(a),
    },
    ...(a.req !== null && { requestId: a.req ?? `req_${a.id ?? "x"}` }),
    type: "assistant",
    timestamp: a.ts ?? "2026-11-20T10:00:00.000Z",
  });
}

export function taskCall(toolUseId: string, subagentType?: string, name = "Task") {
  return [
    {
      type: "tool_use",
      id: toolUseId,
      name,
      input: { description: "d", prompt: "p", ...(subagentType && { subagent_type: subagentType }) },
    },
  ];
}

export function progressLine(p: AssistantSpec & { agentId: string; parentToolUseId: string }): string {
  return JSON.stringify({
    type: "progress",
    sessionId: p.session ?? "s1",
    timestamp: p.ts ?? "2026-11-20T10:00:00.000Z",
    parentToolUseID: p.parentToolUseId,
    data: {
      type: "agent_progress",
      agentId: p.agentId,
      message: {
        type: "assistant",
        timestamp: p.ts ?? "2026-11-20T10:00:00.000Z",
        requestId: p.req ?? `req_${p.id}`,
        message: {
          id: p.id,
          model: p.model ?? "claude-haiku-4-5-20251001",
          role: "assistant",
          content: [],
          usage: usage(p),
        },
      },
    },
  });
}

export function userLine(text: string, extra: Record<string, unknown> = {}): string {
  return JSON.stringify({
    type: "user",
    sessionId: "s1",
    timestamp: "2026-11-20T10:00:00.000Z",
    message: { role: "user", content: [{ type: "tool_result", tool_use_id: "toolu_x", content: text }] },
    ...extra,
  });
}

export const lines = (...ls: string[]) => `${ls.join("\n")}\n`;
