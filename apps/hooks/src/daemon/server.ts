import { appendFileSync, lstatSync, mkdirSync, unlinkSync } from "node:fs";
import { connect, createServer, type Server, type Socket } from "node:net";
import { join } from "node:path";
import { handleHook } from "../handle.js";
import { createStorePool, type StorePool } from "../store-pool.js";
import { BUILD_ID, isPrivateDir, socketDir, socketPath } from "./paths.js";
import { type DaemonStatus, type HookAnswer, MAX_REQUEST_BYTES, type RequestHeader } from "./protocol.js";

/** How long a daemon waits for its next event before it exits (`$VEXTRUS_HOOK_DAEMON_IDLE_MS`). */
const DEFAULT_IDLE_MS = 15 * 60_000;
/** How often it checks that the socket is still its own (removed by a client, or taken by a newer daemon). */
const WATCH_MS = 5_000;

function log(dir: string, line: string): void {
  try {
    appendFileSync(join(dir, "daemon.log"), `${new Date().toISOString()} ${process.pid} ${line}\n`, {
      mode: 0o600,
    });
  } catch {
    // nowhere to say it
  }
}

const inode = (path: string) => lstatSync(path, { throwIfNoEntry: false })?.ino;

interface Daemon {
  served: number;
  pool: StorePool;
  /** Requests being handled: a stopping daemon lets them finish (and record what they did) before it exits. */
  inFlight: number;
  status: () => DaemonStatus;
  stop: () => void;
  done: () => void;
}

/** Answers one connection: a header line, the hook's stdin, then end. */
function serve(conn: Socket, daemon: Daemon): void {
  const chunks: Buffer[] = [];
  let size = 0;
  conn.on("data", (chunk: Buffer) => {
    size += chunk.length;
    if (size > MAX_REQUEST_BYTES) conn.destroy();
    else chunks.push(chunk);
  });
  conn.on("error", () => {}); // a client that went away: nothing to answer
  conn.on("end", async () => {
    daemon.inFlight += 1;
    const request = Buffer.concat(chunks);
    const newline = request.indexOf(10);
    let answer: HookAnswer | DaemonStatus | { stopping: true };
    try {
      const header = JSON.parse(request.subarray(0, newline).toString("utf8")) as RequestHeader;
      if (header.op === "status") answer = daemon.status();
      else if (header.op === "stop") {
        answer = { stopping: true };
        conn.once("close", daemon.stop);
      } else {
        daemon.served += 1;
        answer = await handleHook(header.event, request.subarray(newline + 1), {
          env: header.env ?? {},
          home: header.home ?? "",
          ...(header.cwd !== undefined && { cwd: header.cwd }),
          now: () => new Date(),
          pool: daemon.pool,
        });
      }
    } catch (error) {
      answer = {
        stdout: "",
        stderr: `vextrus-hook: the daemon could not read the request (${(error as Error).message})\n`,
      };
    }
    conn.end(JSON.stringify(answer));
    daemon.inFlight -= 1;
    daemon.done();
  });
}

/** Listens on `socket`, replacing a socket file no live daemon answers on; false when another daemon does. */
async function listen(server: Server, socket: string): Promise<boolean> {
  const attempt = () =>
    new Promise<NodeJS.ErrnoException | undefined>((resolve) => {
      server.once("error", resolve);
      server.listen(socket, () => {
        server.off("error", resolve);
        resolve(undefined);
      });
    });
  const error = await attempt();
  if (error === undefined) return true;
  if (error.code !== "EADDRINUSE") throw error;
  const alive = await new Promise<boolean>((resolve) => {
    const probe = connect(socket);
    probe.on("connect", () => {
      probe.destroy();
      resolve(true);
    });
    probe.on("error", () => resolve(false));
  });
  if (alive) return false;
  unlinkSync(socket);
  const again = await attempt();
  if (again) throw again;
  return true;
}

export async function runDaemon(env: Record<string, string | undefined> = process.env): Promise<void> {
  const dir = socketDir(env);
  const socket = dir === undefined ? undefined : socketPath(dir);
  if (dir === undefined || socket === undefined) return;
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  if (!isPrivateDir(dir)) {
    log(dir, `not started: ${dir} is not a folder only this user can use (chmod 700 it)`);
    return;
  }
  const idleMs = Number(env.VEXTRUS_HOOK_DAEMON_IDLE_MS) || DEFAULT_IDLE_MS;
  const startedAt = new Date().toISOString();
  // allowHalfOpen: the client ends its side after the request and still waits for the answer.
  const server = createServer({ allowHalfOpen: true });
  let idle: NodeJS.Timeout | undefined;
  let ours: number | undefined;
  let stopping = false;
  const pool = createStorePool();
  // Closing the stores checkpoints their WAL: the files are whole when the daemon is gone.
  const exit = () => void pool.closeAll().finally(() => process.exit(0));
  const stop = () => {
    stopping = true;
    clearTimeout(idle);
    server.close();
    if (ours !== undefined && inode(socket) === ours) {
      try {
        unlinkSync(socket);
      } catch {
        // already gone
      }
      ours = undefined;
    }
    if (daemon.inFlight === 0) exit();
    // Past Claude Code's own limit for a hook nobody waits for an answer any more.
    setTimeout(() => process.exit(0), 60_000).unref();
  };
  const daemon: Daemon = {
    served: 0,
    pool,
    inFlight: 0,
    stop,
    done: () => {
      if (stopping && daemon.inFlight === 0) exit();
    },
    status: (): DaemonStatus => ({
      pid: process.pid,
      build: BUILD_ID,
      node: process.version,
      startedAt,
      served: daemon.served,
      idleExitMs: idleMs,
    }),
  };
  const rearm = () => {
    clearTimeout(idle);
    idle = setTimeout(stop, idleMs);
  };
  server.on("connection", (conn) => {
    rearm();
    serve(conn, daemon);
  });
  if (!(await listen(server, socket))) return process.exit(0); // another daemon of this build answers
  ours = inode(socket);
  rearm();
  // A client removed the socket (we failed it), or a newer daemon took the path: this one is no longer asked.
  setInterval(() => {
    if (!stopping && inode(socket) !== ours) stop();
  }, WATCH_MS).unref();
  process.on("uncaughtException", (error) => {
    log(dir, `stopped: ${error.stack ?? error}`);
    stop();
  });
  log(dir, `listening on ${socket} (build ${BUILD_ID}, ${process.version})`);
}
