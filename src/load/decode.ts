import { open, type FileHandle } from 'node:fs/promises';
import { TextDecoder } from 'node:util';
import { PadanError } from '../domain/errors.js';

/** Bytes read per step: large enough to amortise syscalls and decoder calls, small next to RAM. */
export const CHUNK_BYTES = 1 << 20;

export type SourceEncoding = 'utf-8' | 'windows-1252' | 'latin1';
/** What a file is read as: a configured encoding, or UTF-16 when its BOM says so. */
export type ReadEncoding = SourceEncoding | 'utf-16le' | 'utf-16be';

/** A file read chunk by chunk into one reused buffer: never a whole-file string (files pass 2 GiB). */
export class ByteSource {
  private constructor(
    private readonly fh: FileHandle,
    readonly size: number,
    readonly displayPath: string,
  ) {}

  bytesRead = 0;
  private readonly buf = Buffer.allocUnsafe(CHUNK_BYTES);

  static async open(path: string, displayPath: string): Promise<ByteSource> {
    try {
      const fh = await open(path, 'r');
      const st = await fh.stat();
      if (st.isDirectory()) {
        await fh.close();
        throw new PadanError(`${displayPath}: is a folder, not a roster file`);
      }
      return new ByteSource(fh, st.size, displayPath);
    } catch (e) {
      if (e instanceof PadanError) throw e;
      throw new PadanError(`${displayPath}: cannot read roster (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
    }
  }

  /** The next chunk (a view into the reused buffer, valid until the next call), or null at the end. */
  async next(): Promise<Buffer | null> {
    let n: number;
    try {
      ({ bytesRead: n } = await this.fh.read(this.buf, 0, CHUNK_BYTES, null));
    } catch (e) {
      throw new PadanError(`${this.displayPath}: read failed (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
    }
    if (n === 0) return null;
    this.bytesRead += n;
    return this.buf.subarray(0, n);
  }

  async close(): Promise<void> {
    await this.fh.close();
  }
}

function hasUtf8Bom(b: Uint8Array): boolean {
  return b.length >= 3 && b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf;
}

/**
 * The encoding to read with. A byte-order mark wins: UTF-8, or UTF-16 (Excel's "Unicode Text"
 * export, tab-separated). Then a configured encoding.
 * Without one: UTF-8 when the first chunk is valid UTF-8 (an incomplete character cut at the chunk
 * end is fine), else windows-1252, which is what Excel writes on an Indonesian Windows machine.
 */
export function chooseEncoding(configured: SourceEncoding | undefined, firstChunk: Uint8Array): { encoding: ReadEncoding; guessed: boolean } {
  if (hasUtf8Bom(firstChunk)) return { encoding: 'utf-8', guessed: false };
  if (firstChunk.length >= 2 && firstChunk[0] === 0xff && firstChunk[1] === 0xfe) return { encoding: 'utf-16le', guessed: false };
  if (firstChunk.length >= 2 && firstChunk[0] === 0xfe && firstChunk[1] === 0xff) return { encoding: 'utf-16be', guessed: false };
  if (configured !== undefined) return { encoding: configured, guessed: false };
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(firstChunk, { stream: true });
    return { encoding: 'utf-8', guessed: false };
  } catch {
    return { encoding: 'windows-1252', guessed: true };
  }
}

/**
 * A streaming decoder, non-fatal (see SourceIngest.row for why), dropping a BOM. 'latin1' is read as windows-1252, as the WHATWG Encoding standard (and so TextDecoder)
 * does: files labelled latin1 are in practice windows-1252 (’ and € live in 0x80-0x9F).
 */
export function createDecoder(encoding: ReadEncoding): TextDecoder {
  const label = encoding === 'latin1' ? 'windows-1252' : encoding;
  return new TextDecoder(label, { fatal: false });
}
