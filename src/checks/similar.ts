/** Edit distance between two short names (container, Pod or namespace names). */
export function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return row[b.length];
}

/** Names a student may have meant: near in spelling, or containing one another, best first. */
export function closest(wanted: string, names: string[], max = 3): string[] {
  const w = wanted.toLowerCase();
  return names
    .map((name) => ({ name, d: distance(w, name.toLowerCase()) }))
    .filter(({ name, d }) => d <= Math.max(2, Math.floor(w.length / 3)) || name.toLowerCase().includes(w) || w.includes(name.toLowerCase()))
    .sort((x, y) => x.d - y.d || x.name.localeCompare(y.name))
    .slice(0, max)
    .map(({ name }) => name);
}
