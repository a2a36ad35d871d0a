/** Numbers each distinct string by first appearance: `list[id(s)] === s`. */
export function interner() {
  const list: string[] = [];
  const index = new Map<string, number>();
  return {
    list,
    id(value: string): number {
      let i = index.get(value);
      if (i === undefined) {
        i = list.length;
        list.push(value);
        index.set(value, i);
      }
      return i;
    },
  };
}
