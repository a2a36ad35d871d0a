// The thread a large ingest writes the ledger on (@vextrus/cost, docs/ingest-thread.md). Bundled as an entry of its
// own so dist/ holds it beside the chunk that starts it.
import "@vextrus/cost/ledger-writer-thread";
