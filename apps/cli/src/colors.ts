// ANSI colours for tables and the status line. Not picocolors: on import it reads `process.stdout.isTTY` for its
// default painter, which makes Node's stdout stream (tty, net and stream internals: ~5 ms) in every run that
// imports it, when the caller only ever asks for a painter with colour on or off (docs/node-startup.md).

export interface Colors {
  bold: (text: string) => string;
  dim: (text: string) => string;
  red: (text: string) => string;
  yellow: (text: string) => string;
  green: (text: string) => string;
  cyan: (text: string) => string;
}

/**
 * A span from `open` to `close`. Where the text already holds `close` (a span inside ends the same attribute), it
 * is followed by `reopen`, so the rest of the outer span keeps its look.
 */
function span(open: number, close: number, reopen = `\x1b[${close}m\x1b[${open}m`) {
  const start = `\x1b[${open}m`;
  const end = `\x1b[${close}m`;
  return (text: string) => `${start}${text.includes(end) ? text.replaceAll(end, reopen) : text}${end}`;
}

const plain = (text: string) => text;

export function createColors(enabled: boolean): Colors {
  if (!enabled) return { bold: plain, dim: plain, red: plain, yellow: plain, green: plain, cyan: plain };
  return {
    // Bold and dim both end with 22: an inner one's end would end the outer one too.
    bold: span(1, 22),
    dim: span(2, 22),
    // A colour's end (39) restores the default colour: after an inner one, the outer colour again.
    red: span(31, 39, "\x1b[31m"),
    yellow: span(33, 39, "\x1b[33m"),
    green: span(32, 39, "\x1b[32m"),
    cyan: span(36, 39, "\x1b[36m"),
  };
}
