/**
 * The password for a connection from a `~/.pgpass` text (PostgreSQL's format, libpq's rules): lines of
 * `host:port:database:user:password`, `*` matches anything, `\:` and `\\` escape, `#` starts a comment, and the
 * first matching line wins. Undefined when no line matches.
 */
export function pgpassLookup(
  text: string,
  target: { host: string; port: number; database: string; user: string },
): string | undefined {
  const wanted = [target.host, String(target.port), target.database, target.user];
  for (const raw of text.split(/\r?\n/)) {
    if (raw.trim() === "" || raw.startsWith("#")) continue;
    const fields: string[] = [];
    let field = "";
    for (let i = 0; i < raw.length; i++) {
      const ch = raw[i] as string;
      if (ch === "\\" && i + 1 < raw.length) field += raw[++i];
      else if (ch === ":" && fields.length < 4) {
        fields.push(field);
        field = "";
      } else field += ch;
    }
    fields.push(field);
    if (fields.length !== 5) continue;
    // libpq treats localhost and the loopback socket as one host.
    const matches = wanted.every((want, i) => {
      const have = fields[i];
      if (have === "*" || have === want) return true;
      return i === 0 && have === "localhost" && (want === "127.0.0.1" || want === "::1");
    });
    if (matches) return fields[4];
  }
  return undefined;
}
