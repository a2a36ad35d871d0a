// Problems with a value are worded by @vextrus/errors, like every library's validation messages.
export { describeValue, problemLine } from "@vextrus/errors";
