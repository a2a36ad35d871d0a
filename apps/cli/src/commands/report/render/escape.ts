const HTML_ENTITIES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

/** Safe in element text and in quoted attribute values alike, so callers never have to pick the right one. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ENTITIES[c] ?? c);
}

/**
 * Text for a GitHub-flavoured Markdown table cell or list item. Agent and model names are user data: a `|`
 * would split the cell, `*`/`_`/backticks would restyle it, `<`…`>` would reach GitHub's HTML sanitizer, and a
 * newline would end the table row.
 */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/\r\n|\r|\n/g, " ")
    .replace(/&/g, "&amp;")
    .replace(/[\\`*_[\]<>|#~!]/g, (c) => `\\${c}`);
}
