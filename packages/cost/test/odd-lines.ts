// Seeded transcripts full of what a byte-level reader can get wrong, for the differential test of the transcript
// walk against the JSON.parse reader: keys in any order, spaces after colons, escaped quotes and \u escapes in
// strings, numbers with exponents, repeated keys, progress echoes, tool results, CRLF, a BOM, torn and malformed
// lines. Claude Code writes none of the oddities; they are here because a reader must not count them wrongly.

export function rng(seed: number) {
  let s = seed >>> 0;
  const next = () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1));
  const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)] as T;
  return { next, int, pick, chance: (p: number) => next() < p };
}
type Rng = ReturnType<typeof rng>;

/** A JSON value whose objects are lists of members, so a key may repeat and order is chosen. */
type J = null | boolean | number | string | Num | J[] | Obj;
class Obj {
  constructor(public members: Array<[string, J]>) {}
}
/** A number written as given (`1.5e3`, `15E2`, `1500.0`). */
class Num {
  constructor(public text: string) {}
}
const obj = (o: Record<string, J | undefined>) =>
  new Obj(Object.entries(o).filter((e): e is [string, J] => e[1] !== undefined));

/** Writes `v` as JSON, with the oddities `r` picks. */
function write(r: Rng, v: J, odd: boolean): string {
  if (v === null || typeof v === "boolean") return String(v);
  if (typeof v === "number") return odd && r.chance(0.1) && v > 0 ? exponent(v) : String(v);
  if (v instanceof Num) return v.text;
  if (typeof v === "string") return str(r, v, odd);
  const sp = odd && r.chance(0.1) ? " " : "";
  if (Array.isArray(v)) return `[${v.map((x) => write(r, x, odd)).join(`,${sp}`)}]`;
  const members = [...v.members];
  if (odd && r.chance(0.3)) shuffle(r, members);
  return `{${members.map(([k, x]) => `${str(r, k, odd)}:${sp}${write(r, x, odd)}`).join(`,${sp}`)}}`;
}

function exponent(n: number): string {
  if (n % 100 === 0) return `${n / 100}e2`;
  if (n % 10 === 0) return `${n / 10}E+1`;
  return `${n}e0`;
}

/** JSON.stringify, sometimes with characters written as \u escapes. */
function str(r: Rng, s: string, odd: boolean): string {
  const plain = JSON.stringify(s);
  if (!odd || !r.chance(0.15)) return plain;
  let out = '"';
  for (const ch of s) {
    const code = ch.codePointAt(0) as number;
    if (code < 0x10000 && r.chance(0.3)) out += `\\u${code.toString(16).padStart(4, "0")}`;
    else out += JSON.stringify(ch).slice(1, -1);
  }
  return `${out}"`;
}

function shuffle<T>(r: Rng, list: T[]): void {
  // `type` stays ahead of nothing in particular; the walk reads any order.
  for (let i = list.length - 1; i > 0; i--) {
    const j = r.int(0, i);
    [list[i], list[j]] = [list[j] as T, list[i] as T];
  }
}

const TEXT = [
  "plain",
  'with "quotes" and \\ backslashes',
  'ends with a quote"',
  'a \\"output_tokens\\" lookalike "output_tokens"',
  "unicode: é, 漢字, 🎉",
  "tab\tand\nnewline",
  '{"type":"assistant"}',
  "<task-notification> in passing",
];
const MODELS = [
  "claude-sonnet-4-5-20250929",
  "claude-haiku-4-5-20251001",
  'model "quoted"',
  // Kept values that are not ASCII: decoded as UTF-8, never byte by byte.
  "modèle-漢字-🎉",
  "claude-opus-4-5-20251101",
];

export interface OddCorpusOptions {
  lines: number;
}

/** One transcript file's bytes. */
export function oddTranscript(seed: number, { lines }: OddCorpusOptions): Buffer {
  const r = rng(seed);
  const odd = r.chance(0.7);
  const crlf = r.chance(0.15);
  const ids = Array.from({ length: Math.max(2, Math.floor(lines / 3)) }, (_, i) => `msg_${seed}_${i}`);
  const calls: string[] = [];
  const out: string[] = [];
  const ts = () =>
    r.chance(0.03)
      ? r.pick(["not a date", "", 17] as const)
      : `2026-11-${String(r.int(10, 28))}T${String(r.int(10, 23))}:${String(r.int(10, 59))}:00.000Z`;
  const count = (): J => {
    const n = r.int(0, 5000);
    if (r.chance(0.02)) return r.pick([-1, 1.5, "12", true] as const);
    if (r.chance(0.03)) return null;
    return n;
  };
  const usage = (): J => {
    const u: Record<string, J | undefined> = {
      input_tokens: count(),
      cache_creation_input_tokens: count(),
      cache_read_input_tokens: count(),
      cache_creation: r.chance(0.7)
        ? obj({ ephemeral_5m_input_tokens: count(), ephemeral_1h_input_tokens: count() })
        : undefined,
      output_tokens: r.chance(0.97) ? count() : undefined,
      service_tier: "standard",
      speed: r.chance(0.1) ? r.pick(["fast", "standard", ""]) : undefined,
      inference_geo: r.chance(0.1) ? r.pick(["us", "global"]) : undefined,
      server_tool_use: r.chance(0.1) ? obj({ web_search_requests: count() }) : undefined,
    };
    const o = obj(u);
    // A repeated key: JSON.parse keeps the last.
    if (odd && r.chance(0.05)) o.members.unshift(["output_tokens", 999999]);
    return o;
  };
  const content = (): J[] => {
    const blocks: J[] = [obj({ type: "text", text: r.pick(TEXT) })];
    if (r.chance(0.15)) {
      const id = `toolu_${seed}_${out.length}`;
      calls.push(id);
      blocks.push(
        obj({
          type: "tool_use",
          id,
          name: r.pick(["Task", "Agent", "Read"]),
          input: obj({
            description: r.pick(TEXT),
            prompt: r.pick(TEXT),
            subagent_type: r.chance(0.7) ? r.pick(["Explore", "Plan", "", "code-reviewer"]) : undefined,
            run_in_background: r.chance(0.2) ? true : undefined,
          }),
        }),
      );
    }
    return blocks;
  };
  const message = (): Obj => {
    const m = obj({
      model: r.chance(0.95) ? r.pick(MODELS) : undefined,
      id: r.chance(0.9) ? r.pick(ids) : undefined,
      type: "message",
      role: "assistant",
      content: content(),
      usage: r.chance(0.97) ? usage() : r.pick([null, "none", 3] as const),
    });
    if (odd && r.chance(0.04)) m.members.unshift(["id", "decoy"]);
    if (odd && r.chance(0.03)) m.members.unshift(["usage", obj({ output_tokens: 1 })]);
    return m;
  };
  const header = () => ({
    parentUuid: null,
    isSidechain: r.chance(0.2) ? r.pick([true, false, "true"] as const) : false,
    userType: "external",
    cwd: "/home/dev/app",
    sessionId: r.chance(0.95) ? `s${seed}` : undefined,
    agentId: r.chance(0.1) ? `a${r.int(1, 3)}` : undefined,
  });
  const line = (): string => {
    const kind = r.next();
    if (kind < 0.35) {
      const o = obj({
        ...header(),
        message: message(),
        requestId: r.chance(0.85) ? `req_${r.int(1, 4)}` : r.pick([undefined, null, 5] as const),
        type: "assistant",
        uuid: `u${out.length}`,
        timestamp: ts(),
      });
      if (odd && r.chance(0.05)) o.members.unshift(["message", obj({ id: "decoy", usage: usage() })]);
      if (odd && r.chance(0.03)) o.members.push(["type", "assistant"]);
      return write(r, o, odd);
    }
    if (kind < 0.5) {
      const wrapper = obj({
        type: r.chance(0.9) ? "assistant" : "user",
        timestamp: r.chance(0.8) ? ts() : r.pick([undefined, null, 3] as const),
        requestId: r.chance(0.9) ? `req_${r.int(1, 4)}` : undefined,
        message: message(),
      });
      const data = obj({
        type: r.chance(0.9) ? "agent_progress" : "bash_progress",
        agentId: r.chance(0.9) ? `a${r.int(1, 3)}` : undefined,
        prompt: "",
        message: wrapper,
      });
      if (odd && r.chance(0.04))
        data.members.unshift(["message", obj({ type: "assistant", message: message() })]);
      return write(
        r,
        obj({
          ...header(),
          type: "progress",
          data: r.chance(0.97) ? data : "gone",
          parentToolUseID: r.chance(0.9) ? r.pick([...calls, "toolu_other"]) : undefined,
          uuid: `u${out.length}`,
          timestamp: ts(),
        }),
        odd,
      );
    }
    if (kind < 0.8) {
      const answered = calls.length > 0 && r.chance(0.5) ? r.pick(calls) : `toolu_r${out.length}`;
      const notice = r.chance(0.1);
      const big = 'x\\"y'.repeat(r.int(0, 200));
      const m = obj({
        role: "user",
        content: notice
          ? `<task-notification>\n<task-id>a1</task-id>\n<tool-use-id>${answered}</tool-use-id>\n<status>${r.pick(["completed", "killed", "failed"])}</status>\n<usage><duration_ms>${r.int(1, 9000)}</duration_ms></usage>\n</task-notification>`
          : r.chance(0.2)
            ? r.pick(TEXT)
            : [
                obj({
                  tool_use_id: answered,
                  type: "tool_result",
                  content: r.chance(0.5)
                    ? `${big}${r.pick(TEXT)}`
                    : [obj({ type: "text", text: r.pick(TEXT) })],
                  is_error: r.chance(0.2) ? true : undefined,
                }),
              ],
      });
      const head = header();
      const result = obj({
        status: r.pick(["completed", "async_launched", "error", undefined]),
        agentId: r.chance(0.5) ? "a1" : undefined,
        totalDurationMs: r.chance(0.5) ? r.int(0, 90000) : undefined,
        usage: r.chance(0.5) ? usage() : undefined,
      });
      // Claude Code writes `type` before `message` in user lines; the walk must also read the other order.
      const parts = r.chance(0.7)
        ? {
            ...head,
            type: "user",
            message: m,
            uuid: `u${out.length}`,
            timestamp: ts(),
            toolUseResult: result,
          }
        : {
            ...head,
            message: m,
            type: "user",
            uuid: `u${out.length}`,
            timestamp: ts(),
            toolUseResult: result,
          };
      return write(r, obj(parts), odd);
    }
    if (kind < 0.88)
      return write(
        r,
        obj({
          type: r.pick(["summary", "system", "queue-operation"]),
          summary: r.pick(TEXT),
          timestamp: ts(),
        }),
        odd,
      );
    // Malformed or odd lines.
    const pick = r.int(0, 7);
    if (pick === 0) return "";
    if (pick === 1) return "   ";
    if (pick === 2) return r.pick(["[1,2]", '"output_tokens"', "42", "null", '["output_tokens"]']);
    if (pick === 3) return "not json at all";
    if (pick === 4) {
      // A torn write: a prefix of a line, never ending in `}` (a stopped line is not read past its type).
      const whole = write(
        r,
        obj({ ...header(), message: message(), type: "assistant", timestamp: ts() }),
        odd,
      );
      let torn = whole.slice(0, r.int(1, whole.length - 1));
      while (torn.endsWith("}")) torn = torn.slice(0, -1);
      return torn;
    }
    if (pick === 5) {
      // Invalid JSON in a line with usage: a trailing comma.
      const whole = write(
        r,
        obj({ ...header(), message: message(), type: "assistant", timestamp: ts() }),
        odd,
      );
      return `${whole.slice(0, -1)},}`;
    }
    if (pick === 6) return '{"type":"assistant","message":{"usage":{"output_tokens":5}},"timestamp":tru}';
    return '{"no":"type", "output_tokens": 3}';
  };
  for (let i = 0; i < lines; i++) out.push(line());
  let text = out.join(crlf ? "\r\n" : "\n");
  // Most files end with a newline; some stop mid-line, as a file being written does.
  if (r.chance(0.8)) text += crlf ? "\r\n" : "\n";
  const bom = r.chance(0.05) ? "\uFEFF" : "";
  return Buffer.from(bom + text);
}
