import { readFileSync, writeSync } from "node:fs";
import { homedir } from "node:os";
import { isatty } from "node:tty";
import { handleHook } from "./handle.js";

// Plain file-descriptor I/O, not process.stdin/stdout: setting up those streams costs ~5 ms of every start.

function readStdin(): Buffer {
  // Started by hand at a terminal there is no JSON coming: say so instead of waiting forever.
  if (isatty(0)) return Buffer.alloc(0);
  try {
    return readFileSync(0);
  } catch {
    return Buffer.alloc(0); // stdin closed or not readable: the same as no input
  }
}

function writeAll(fd: number, text: string): void {
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

/** The `vextrus-hook <Event>` process: stdin to stdout, exit code 0 whatever happens. */
export async function runHookProcess(event: string | undefined): Promise<void> {
  let stdout = "";
  let stderr = "";
  try {
    const result = await handleHook(event, readStdin(), {
      env: process.env,
      home: homedir(),
      now: () => new Date(),
    });
    stdout = result.stdout;
    stderr = result.stderr;
  } catch (error) {
    stderr = `vextrus-hook: ${String((error as Error)?.message ?? error).slice(0, 300)}\n`;
  }
  if (stderr) writeAll(2, stderr);
  if (stdout) writeAll(1, stdout);
  // Exit now: a store client left open (Redis) must not hold the session's hook slot.
  process.exit(0);
}
