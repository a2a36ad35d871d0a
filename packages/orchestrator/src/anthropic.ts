// The runner over the Messages API, in its own entry: `@anthropic-ai/sdk` is an optional peer dependency, so gates,
// coordination and the other runners (the main entry) load without it.
export { type AnthropicSdkRunnerOptions, createAnthropicSdkRunner } from "./runners/anthropic-sdk.js";
