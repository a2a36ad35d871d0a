#!/usr/bin/env node
// `npm i -g @vextrus/cli` puts this beside `vextrus` on PATH, which is what `vextrus init` registers as the hook.
import "@vextrus/hooks/bin";
