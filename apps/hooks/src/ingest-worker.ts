// The bundled hook runs @vextrus/cost's ingest worker from its own dist folder, beside hook.js.
import "@vextrus/cost/ingest-worker";
