import { existsSync, fstatSync, readFileSync, unlinkSync, writeSync } from "node:fs";
import { homedir } from "node:os";
import { dirname } from "node:path";
import { findProjectRoot, readFlag, readProjectSettings } from "@vextrus/config";
import { nodeFs } from "@vextrus/config/node";
import { isPrivateDir, socketDir, socketPath } from "./paths.js";
import type { DaemonStatus, HookAnswer, RequestHeader } from "./protocol.js";

// What every hook process loads first, so it holds only Node's own modules and is built as CommonJS (the ESM
// loader costs ~2.5 ms more per start): the daemon's client, and plain file-descriptor I/O (process.stdin/stdout
// cost ~5 ms of every start to set up). No import.meta here, for the same reason.

/**
 * A hook's work takes well under a second, a first ingest of a large history some seconds; a daemon silent for
 * this long is stuck and is let go, still inside Claude Code's own 60 s limit for a hook.
 */
const ANSWER_TIMEOUT_MS = 50_000;

export function readStdin(): Buffer {
  try {
    // Started by hand at a terminal there is no JSON coming: say so instead of waiting forever. (A character
    // device rather than isatty(): node:tty loads node:net, ~2.5 ms, and /dev/null holds no input either.)
    if (fstatSync(0).isCharacterDevice()) return Buffer.alloc(0);
    return readFileSync(0);
  } catch {
    return Buffer.alloc(0); // stdin closed or not readable: the same as no input
  }
}

export function writeAll(fd: number, text: string): void {
  const buf = Buffer.from(text);
  for (let at = 0; at < buf.length; ) {
    try {
      at += writeSync(fd, buf, at);
    } catch (error) {
      // A non-blocking pipe that is full: wait for the reader; anything else (a closed pipe) ends the output.
      if ((error as NodeJS.ErrnoException).code !== "EAGAIN") return;
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 5);
    }
  }
}

/** The daemon's socket when this project turned it on (`optimization.latency.hook_daemon`), else undefined. */
export function wantedSocket(env: Record<string, string | undefined>): string | undefined {
  const projectRoot = findProjectRoot({ cwd: process.cwd(), env, fs: nodeFs });
  if (projectRoot === undefined) return undefined;
  // Problems with the settings are the events' to report; here they only mean "no daemon".
  const { optimization } = readProjectSettings({ fs: nodeFs, projectRoot, mode: "lenient" });
  if (!readFlag(optimization, "latency", "hook_daemon")) return undefined;
  const dir = socketDir(env);
  // A folder others can enter is never used: no daemon is asked or started there (--daemon status says why).
  if (dir === undefined || (existsSync(dir) && !isPrivateDir(dir))) return undefined;
  return socketPath(dir);
}

function send(socket: string, header: RequestHeader, body: Buffer): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let connected = false;
    // Loaded only when a daemon is asked: most events never are.
    const { connect } = require("node:net") as typeof import("node:net");
    const conn = connect(socket);
    const timer = setTimeout(() => {
      conn.destroy();
      reject(new Error(`no answer within ${ANSWER_TIMEOUT_MS / 1000} s`));
    }, ANSWER_TIMEOUT_MS);
    conn.on("connect", () => {
      connected = true;
      conn.end(Buffer.concat([Buffer.from(`${JSON.stringify(header)}\n`), body]));
    });
    conn.on("data", (chunk: Buffer) => chunks.push(chunk));
    conn.on("end", () => {
      clearTimeout(timer);
      resolve(Buffer.concat(chunks));
    });
    conn.on("error", (error) => {
      clearTimeout(timer);
      // Nothing reached a daemon: the caller handles the event itself. After that, it may have acted on it.
      if (connected) reject(error);
      else resolve(undefined);
    });
  });
}

/**
 * The event handled by the running daemon, or undefined when there is none to ask (then the caller handles it in
 * its own process). Once the request is sent it is never handled twice: a daemon that fails mid-way costs this
 * one event (a note on stderr), and its socket is removed so that the next hook starts afresh.
 */
export async function askDaemon(
  socket: string,
  event: string | undefined,
  stdin: Buffer,
): Promise<HookAnswer | undefined> {
  if (!existsSync(socket) || !isPrivateDir(dirname(socket))) return undefined;
  const header: RequestHeader = { v: 1, cwd: process.cwd(), home: homedir(), env: process.env };
  if (event !== undefined) header.event = event;
  try {
    const reply = await send(socket, header, stdin);
    if (reply === undefined) return undefined;
    const answer = JSON.parse(reply.toString("utf8")) as HookAnswer;
    if (typeof answer?.stdout !== "string" || typeof answer.stderr !== "string")
      throw new Error("a malformed answer");
    return answer;
  } catch (error) {
    try {
      unlinkSync(socket);
    } catch {
      // already gone
    }
    return {
      stdout: "",
      stderr: `vextrus-hook: the hook daemon failed on ${event ?? "this event"} (${(error as Error).message}); nothing done this time\n`,
    };
  }
}

/** `vextrus-hook --daemon status|stop`: what runs, for a person at a terminal. */
export async function daemonCommand(op: string | undefined): Promise<{ text: string; code: number }> {
  if (op !== "status" && op !== "stop")
    return { text: "usage: vextrus-hook --daemon status|stop\n", code: 2 };
  const dir = socketDir(process.env);
  const socket = dir === undefined ? undefined : socketPath(dir);
  if (dir === undefined || socket === undefined)
    return { text: "vextrus-hook: no daemon on this system (needs Unix sockets)\n", code: 0 };
  if (existsSync(dir) && !isPrivateDir(dir))
    return {
      text: `vextrus-hook: ${dir} is open to other users, so no daemon uses it (chmod 700 it)\n`,
      code: 1,
    };
  const none = { text: `vextrus-hook: no daemon of this build is running (${socket})\n`, code: 0 };
  if (!existsSync(socket)) return none;
  try {
    const reply = await send(socket, { v: 1, op }, Buffer.alloc(0));
    if (reply === undefined) return none;
    if (op === "stop") return { text: "vextrus-hook: the daemon stopped\n", code: 0 };
    const status = JSON.parse(reply.toString("utf8")) as DaemonStatus;
    return { text: `${JSON.stringify({ socket, ...status }, null, 2)}\n`, code: 0 };
  } catch (error) {
    return { text: `vextrus-hook: the daemon did not answer (${(error as Error).message})\n`, code: 1 };
  }
}
