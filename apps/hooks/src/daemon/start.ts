import { fileURLToPath } from "node:url";

/** Starts a daemon for the next events, detached from this process and from the session's pipes. */
export async function startDaemon(): Promise<void> {
  try {
    const { spawn } = await import("node:child_process");
    const daemon = fileURLToPath(new URL("./daemon.js", import.meta.url));
    // cwd "/": a daemon must not keep any project's folder busy.
    spawn(process.execPath, [daemon], { detached: true, stdio: "ignore", cwd: "/" }).unref();
  } catch {
    // The daemon only saves time; without it every event is handled in its own process, as by default.
  }
}
