/**
 * The review protocol of the haiku-with-sonnet-review cascade. The reviewer's first non-blank line is the
 * verdict: `APPROVE`, or `REVISE` followed by the complete revised answer (on the next lines, or after a colon on
 * the same line). Markdown emphasis, a `Verdict:` prefix, case and trailing punctuation are tolerated because
 * models add them; anything else is `unparsed`, and the cascade keeps the draft rather than ship commentary.
 */
export type ReviewVerdict =
  | { readonly kind: "approve" }
  | { readonly kind: "revise"; readonly revision: string }
  | { readonly kind: "unparsed"; readonly reason: string };

const VERDICT = /^(?:verdict\s*[:-]\s*)?(approved?|revised?|revision)(?:\s+answer)?\b\s*[.:!-]?\s*(.*)$/i;

function stripDecoration(line: string): string {
  return line
    .trim()
    .replace(/^(?:#+|>)\s*/, "")
    .replace(/[*_`]+/g, "")
    .trim();
}

export function parseReview(text: string): ReviewVerdict {
  const lines = text.replace(/\r\n?/g, "\n").split("\n");
  const first = lines.findIndex((line) => line.trim() !== "");
  const firstLine = first < 0 ? undefined : lines[first];
  if (firstLine === undefined) return { kind: "unparsed", reason: "the review is empty" };
  const match = VERDICT.exec(stripDecoration(firstLine));
  const word = match?.[1]?.toLowerCase();
  if (word === undefined)
    return { kind: "unparsed", reason: `the first line is neither APPROVE nor REVISE: ${firstLine.trim()}` };
  if (word.startsWith("approve")) return { kind: "approve" };
  const sameLine = match?.[2]?.trim() ?? "";
  const rest = lines.slice(first + 1).join("\n");
  const revision = (sameLine === "" ? rest : `${sameLine}\n${rest}`).replace(/^\s*\n/, "").trimEnd();
  if (revision.trim() === "") return { kind: "unparsed", reason: "REVISE without a revised answer" };
  return { kind: "revise", revision };
}

export interface ReviewPromptInput {
  task: string;
  draft: string;
}

export function buildReviewPrompt({ task, draft }: ReviewPromptInput): string {
  return [
    "You review a draft answer that a faster model wrote for the task below.",
    "",
    "<task>",
    task,
    "</task>",
    "",
    "<draft>",
    draft,
    "</draft>",
    "",
    "Reply in exactly one of two ways:",
    "- the single line APPROVE, when the draft is correct and complete as it is;",
    "- the line REVISE, then the complete corrected answer on the following lines (the whole answer, not a diff",
    "  or comments: it replaces the draft as it stands).",
  ].join("\n");
}
