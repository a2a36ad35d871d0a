// Worker thread of ingestClaudeTranscripts, started from `new URL("./ingest-worker.js", import.meta.url)`: an
// internal file of the package, not an entry of its exports map.
import { runIngestWorker } from "./ingest-worker-thread.js";

runIngestWorker();
