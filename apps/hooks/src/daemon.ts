// The long-lived process that handles hook events when `optimization.latency.hook_daemon` is on (README).
import { runDaemon } from "./daemon/server.js";

await runDaemon();
