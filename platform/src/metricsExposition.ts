/**
 * Several Prometheus text expositions as one: each family once, its `# HELP` and `# TYPE`
 * from the first text that has it, then the samples of every text in order. Services hosted
 * in one process (npm start) each keep their registry, and their samples differ by the
 * `service` label, so the merge never repeats a series; a family split in two, or declared
 * twice, would make Prometheus refuse the whole scrape.
 */
export function mergeExpositions(texts: readonly string[]): string {
  const families = new Map<string, { header: string[]; samples: string[] }>();
  for (const text of texts) {
    let current: { header: string[]; samples: string[] } | undefined;
    for (const line of text.split('\n')) {
      const declared = /^# (HELP|TYPE) (\S+)/.exec(line);
      if (declared) {
        const name = declared[2] as string;
        const family = families.get(name) ?? { header: [], samples: [] };
        families.set(name, family);
        if (!family.header.some((known) => known.startsWith(`# ${declared[1]} `))) family.header.push(line);
        current = family;
      } else if (line.trim() !== '' && current) {
        current.samples.push(line);
      }
    }
  }
  return [...families.values()].map((family) => [...family.header, ...family.samples].join('\n')).join('\n\n') + '\n';
}
