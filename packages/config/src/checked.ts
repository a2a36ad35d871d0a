// The defaults and the full validation of the `optimization` block: these load the libraries' zod schemas, so they
// are an entry of their own that a hook on its fast path never imports.
export { DEFAULT_OPTIMIZATION, type SectionName } from "./defaults.js";
export { type Validation, validateOptimization } from "./validate.js";
