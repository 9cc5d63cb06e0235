/**
 * Where a renderer writes its text, piece by piece: a staged report file (report/write.ts) or a
 * string (tests, small outputs). Renderers that write to a sink never hold a whole report of a
 * province's run in memory.
 */
export interface TextSink {
  write(s: string): void;
}

/** Runs a sink renderer and returns what it wrote, as one string. */
export function collectText(render: (out: TextSink) => void): string {
  let text = '';
  render({
    write(s) {
      text += s;
    },
  });
  return text;
}
