/**
 * The keys a JSON text repeats inside one object (`{"a":1,"a":2}` -> `["a"]`), at any depth.
 * `JSON.parse` silently keeps the last one, and log pipelines reject such lines or pick one
 * at random, so the log tests read every line with this instead.
 */
export function duplicatedKeys(text: string): string[] {
  const duplicated: string[] = [];
  let at = 0;
  const skipSpace = () => {
    while (/\s/.test(text[at] ?? '')) at += 1;
  };
  const readString = (): string => {
    const start = at;
    at += 1; // opening quote
    while (text[at] !== '"') at += text[at] === '\\' ? 2 : 1;
    at += 1;
    return JSON.parse(text.slice(start, at)) as string;
  };
  const readValue = (): void => {
    skipSpace();
    const first = text[at];
    if (first === '{') readObject();
    else if (first === '[') readArray();
    else if (first === '"') readString();
    else while (at < text.length && !/[,}\]\s]/.test(text[at] as string)) at += 1;
  };
  const readArray = (): void => {
    at += 1;
    skipSpace();
    while (text[at] !== ']') {
      readValue();
      skipSpace();
      if (text[at] === ',') at += 1;
      skipSpace();
    }
    at += 1;
  };
  const readObject = (): void => {
    const seen = new Set<string>();
    at += 1;
    skipSpace();
    while (text[at] !== '}') {
      skipSpace();
      const key = readString();
      if (seen.has(key)) duplicated.push(key);
      seen.add(key);
      skipSpace();
      at += 1; // colon
      readValue();
      skipSpace();
      if (text[at] === ',') at += 1;
      skipSpace();
    }
    at += 1;
  };
  JSON.parse(text); // a malformed line fails here, with JSON's own message
  readValue();
  return duplicated;
}
