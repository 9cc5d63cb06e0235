export type Delimiter = ',' | ';' | '\t' | '|';

const CANDIDATES: Delimiter[] = [';', ',', '\t', '|'];
const SNIFF_LINES = 30;

/**
 * Picks the delimiter from the first lines of a file: for each candidate, the count per line
 * outside quotes; the winner is the one whose most common non-zero count repeats on the most lines
 * (title rows above the header and a short last line do not spoil it), ties going to more columns
 * and then to the order `;` `,` tab `|` (`;` first: Excel's choice in an Indonesian locale, and
 * a `,` is more likely inside an unquoted name or amount than a `;`).
 */
export function sniffDelimiter(text: string): Delimiter {
  const lines: string[] = [];
  let start = 0;
  while (lines.length < SNIFF_LINES && start < text.length) {
    let nl = text.indexOf('\n', start);
    if (nl < 0) nl = text.length;
    const line = text.slice(start, nl);
    if (line.trim() !== '') lines.push(line);
    start = nl + 1;
  }
  let best: Delimiter = ',';
  let bestLines = 0;
  let bestCount = 0;
  for (const d of CANDIDATES) {
    const code = d.charCodeAt(0);
    const freq = new Map<number, number>();
    for (const line of lines) {
      let n = 0;
      let quoted = false;
      for (let i = 0; i < line.length; i++) {
        const c = line.charCodeAt(i);
        if (c === 34) quoted = !quoted;
        else if (c === code && !quoted) n++;
      }
      if (n > 0) freq.set(n, (freq.get(n) ?? 0) + 1);
    }
    for (const [count, nLines] of freq) {
      if (nLines > bestLines || (nLines === bestLines && count > bestCount)) {
        best = d;
        bestLines = nLines;
        bestCount = count;
      }
    }
  }
  return best;
}
