import { createHash } from 'node:crypto';
import { createReadStream, statSync } from 'node:fs';
import type { ResolvedSource } from '../config/schema.js';
import type { InputFile } from '../report/summary.js';

/** sha256 of each input, streamed: summary.json records exactly which files a report came from. */
export async function hashInputs(sources: readonly ResolvedSource[]): Promise<InputFile[]> {
  const out: InputFile[] = [];
  for (const s of sources) {
    const h = createHash('sha256');
    await new Promise<void>((resolve, reject) => {
      createReadStream(s.absPath)
        .on('data', (c) => h.update(c))
        .on('end', () => resolve())
        .on('error', reject);
    });
    out.push({ source: s.name, path: s.path, sha256: h.digest('hex'), bytes: statSync(s.absPath).size });
  }
  return out;
}
