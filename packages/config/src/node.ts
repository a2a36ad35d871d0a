// Node adapters of @vextrus/config: the file system behind ConfigFs, the creation of state folders and writing a
// settings file back. Only node:fs and node:path: a hook loads this on every event. (The ledger move, which needs
// SQLite, is `@vextrus/config/ledger`.)
export { checkStateDir, ensureStateDir, nodeFs, writeSettings } from "./node-fs.js";
