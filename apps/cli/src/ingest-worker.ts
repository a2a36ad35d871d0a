// @vextrus/cost's ingest pool starts `ingest-worker.js` beside the module that holds it: in this bundle, beside
// main.js, so the worker is built here from the package's worker body.
import { runIngestWorker } from "@vextrus/cost/node";

runIngestWorker();
