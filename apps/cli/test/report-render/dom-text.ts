// Plain string matching is enough here: the renderer's output and Chromium's --dump-dom serialisation both
// quote every attribute with double quotes, and no test needs more than elements and attributes.

/** The markup inside `<svg data-chart="name">…</svg>`, or undefined when the chart was not drawn. */
export function chartSvg(html: string, name: string): string | undefined {
  const match = new RegExp(`<svg\\b[^>]*data-chart="${name}"[^>]*>([\\s\\S]*?)</svg>`).exec(html);
  return match?.[1];
}

/** Every opening tag `<tag …>` carrying the attribute, as attribute maps. */
export function elementsWith(markup: string, tag: string, attribute: string): Array<Record<string, string>> {
  const tags = markup.match(new RegExp(`<${tag}\\b[^>]*\\b${attribute}="[^"]*"[^>]*>`, "g")) ?? [];
  return tags.map((t) => Object.fromEntries([...t.matchAll(/([\w-]+)="([^"]*)"/g)].map((m) => [m[1], m[2]])));
}

/** `<g data-series="m">…</g>` groups, each with its rects (series groups hold no nested `<g>`). */
export function seriesGroups(svg: string): Array<{ series: string; rects: Array<Record<string, string>> }> {
  return [...svg.matchAll(/<g\b[^>]*data-series="([^"]*)"[^>]*>([\s\S]*?)<\/g>/g)].map((m) => ({
    series: m[1] ?? "",
    rects: elementsWith(m[2] ?? "", "rect", "data-day"),
  }));
}

/** Text and data-value of the element with `data-total="key"`. */
export function totalOf(html: string, key: string): { text: string; value: string } | undefined {
  const match = new RegExp(`<[a-z]+\\b([^>]*data-total="${key}"[^>]*)>([^<]*)<`).exec(html);
  if (!match) return undefined;
  return {
    text: decodeEntities(match[2] ?? ""),
    value: decodeEntities(/data-value="([^"]*)"/.exec(match[1] ?? "")?.[1] ?? ""),
  };
}

export function decodeEntities(text: string): string {
  return text
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&nbsp;/g, "\u00a0")
    .replace(/&amp;/g, "&");
}
