/**
 * One request per connection: a JSON header line, then the hook's stdin bytes as they came; the client half-closes
 * and the daemon answers with one JSON object and closes. A header with `op` asks about the daemon itself.
 */
export interface RequestHeader {
  v: 1;
  op?: "status" | "stop";
  event?: string;
  cwd?: string;
  home?: string;
  env?: Record<string, string | undefined>;
}

export interface HookAnswer {
  stdout: string;
  stderr: string;
}

export interface DaemonStatus {
  pid: number;
  build: string;
  node: string;
  startedAt: string;
  served: number;
  idleExitMs: number;
}

/** The header plus the largest stdin a hook accepts (handle.ts MAX_INPUT_BYTES) and then some. */
export const MAX_REQUEST_BYTES = 65 * 1024 * 1024;
