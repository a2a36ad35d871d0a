import Table from "cli-table3";
import { type Colors, createColors } from "./colors.js";

export type Painter = Colors;

export function painter(color: boolean): Painter {
  return createColors(color);
}

/** A plain table: no colour codes inside cells unless the caller adds them, right-aligned number columns. */
export function renderTable(
  head: string[],
  rows: string[][],
  options: { numeric?: number[]; paint: Painter },
): string {
  const table = new Table({
    head: head.map((h) => options.paint.bold(h)),
    style: { head: [], border: [], compact: true },
    colAligns: head.map((_, i) => (options.numeric?.includes(i) ? "right" : "left")),
    wordWrap: false,
  });
  for (const row of rows) table.push(row);
  return `${table.toString()}\n`;
}

export function formatInt(n: number): string {
  return n.toLocaleString("en-US");
}

/** 1234567 → "1.23M": token counts in narrow columns. */
export function formatCompact(n: number): string {
  if (n < 10_000) return formatInt(n);
  if (n < 1_000_000) return `${(n / 1000).toFixed(1)}k`;
  if (n < 1_000_000_000) return `${(n / 1_000_000).toFixed(2)}M`;
  return `${(n / 1_000_000_000).toFixed(2)}B`;
}

/** `claude-sonnet-4-5-20250929` → `sonnet-4-5`: model names short enough for a table. */
export function shortModel(model: string): string {
  return model.replace(/^claude-/, "").replace(/-\d{8}$/, "");
}
