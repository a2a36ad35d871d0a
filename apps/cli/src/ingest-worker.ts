// The bundled CLI runs @vextrus/cost's ingest worker from its own dist folder, beside main.js.
import "@vextrus/cost/ingest-worker";
