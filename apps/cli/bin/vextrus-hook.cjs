#!/usr/bin/env node
// `npm i -g @vextrus/cli` puts this beside `vextrus` on PATH, which is what `vextrus init` registers as the hook.
// CommonJS, as the hook's own bin: it runs on every hook event, where the ESM loader costs ~2.5 ms.
"use strict";

require("@vextrus/hooks/bin");
