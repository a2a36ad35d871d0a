export {
  describeValue,
  fieldPath,
  formatIssue,
  formatIssues,
  type IssueLike,
  problemLine,
} from "./issues.js";
export { isVextrusError, userMessage, VextrusError } from "./vextrus-error.js";
