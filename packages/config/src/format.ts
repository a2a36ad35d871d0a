// The one place this package words a problem with a value, so a shared formatter can replace it in one edit.

/** How a value is shown after "got": short, and typed enough to tell `"true"` from `true`. */
export function describeValue(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  if (typeof value === "object") return "an object";
  if (typeof value === "string") return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  return String(value);
}

/** `optimization.cost.enabled: expected true or false, got "yes"` */
export function problemLine(path: string, expected: string, got: unknown): string {
  return `${path}: expected ${expected}, got ${describeValue(got)}`;
}
