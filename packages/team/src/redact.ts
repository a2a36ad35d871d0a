/** `postgres://user:secret@host/db` → `postgres://user:***@host/db`, anywhere in a text (messages, logs). */
export function redactUrls(text: string): string {
  return text.replace(/\b(postgres(?:ql)?:\/\/[^:/?#@\s]*):[^@/?#\s]*@/gi, "$1:***@");
}

/** A ledger URL fit to print: no password, and no query parameters (they may carry one: `?password=`). */
export function displayUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = "***";
    u.search = "";
    return u.toString();
  } catch {
    return redactUrls(url);
  }
}
