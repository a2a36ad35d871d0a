type Op = { kind: " " | "-" | "+"; line: string; a: number; b: number };

/** Line operations turning `a` into `b` (longest common subsequence). */
function diffOps(a: readonly string[], b: readonly string[]): Op[] {
  const n = a.length;
  const m = b.length;
  const w = m + 1;
  // lcs[i * w + j]: length of the longest common subsequence of a[i..] and b[j..].
  const lcs = new Int32Array((n + 1) * w);
  for (let i = n - 1; i >= 0; i--)
    for (let j = m - 1; j >= 0; j--)
      lcs[i * w + j] =
        a[i] === b[j]
          ? (lcs[(i + 1) * w + j + 1] ?? 0) + 1
          : Math.max(lcs[(i + 1) * w + j] ?? 0, lcs[i * w + j + 1] ?? 0);
  const ops: Op[] = [];
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && a[i] === b[j]) {
      ops.push({ kind: " ", line: a[i] ?? "", a: ++i, b: ++j });
    } else if (j < m && (i >= n || (lcs[i * w + j + 1] ?? 0) >= (lcs[(i + 1) * w + j] ?? 0))) {
      ops.push({ kind: "+", line: b[j] ?? "", a: i, b: ++j });
    } else {
      ops.push({ kind: "-", line: a[i] ?? "", a: ++i, b: j });
    }
  }
  return ops;
}

function lines(text: string): string[] {
  if (text === "") return [];
  const out = text.split("\n");
  if (out.at(-1) === "") out.pop();
  return out;
}

/** A unified diff (3 lines of context) of two texts, or "" when they are equal. */
export function unifiedDiff(
  before: string,
  after: string,
  fromLabel: string,
  toLabel: string,
  context = 3,
): string {
  if (before === after) return "";
  const ops = diffOps(lines(before), lines(after));
  const changed: number[] = [];
  ops.forEach((op, index) => {
    if (op.kind !== " ") changed.push(index);
  });
  let out = `--- ${fromLabel}\n+++ ${toLabel}\n`;
  let k = 0;
  while (k < changed.length) {
    const start = Math.max(0, (changed[k] ?? 0) - context);
    let end = (changed[k] ?? 0) + context;
    while (k + 1 < changed.length && (changed[k + 1] ?? 0) - context <= end + 1)
      end = (changed[++k] ?? 0) + context;
    k++;
    const hunk = ops.slice(start, Math.min(ops.length, end + 1));
    const first = hunk[0];
    if (!first) break;
    const aCount = hunk.filter((op) => op.kind !== "+").length;
    const bCount = hunk.filter((op) => op.kind !== "-").length;
    // 1-based first line of the hunk in each file; an empty side names the line before it.
    const aStart = aCount === 0 ? first.a : first.kind === "+" ? first.a + 1 : first.a;
    const bStart = bCount === 0 ? first.b : first.kind === "-" ? first.b + 1 : first.b;
    out += `@@ -${aStart},${aCount} +${bStart},${bCount} @@\n`;
    for (const op of hunk) out += `${op.kind}${op.line}\n`;
  }
  return out;
}
