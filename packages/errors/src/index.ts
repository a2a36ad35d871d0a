export { fieldPath, formatIssue, formatIssues, type IssueLike } from "./issues.js";
export { isVextrusError, userMessage, VextrusError } from "./vextrus-error.js";
