import { open, type FileHandle } from 'node:fs/promises';
import { isAscii } from 'node:buffer';
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
 * windows-1252 code points of bytes 0x80-0x9F (WHATWG Encoding standard index); 0 = unassigned,
 * kept as the C1 control. Needed because Node 20's small-ICU TextDecoder('windows-1252') decodes
 * these bytes as latin1 (nodejs/node#60888): ’ (0x92) would become U+0092 and names like SYAFI’I
 * would never match their UTF-8 spelling.
 */
const CP1252_HIGH = [
  0x20ac, 0, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021, 0x02c6, 0x2030, 0x0160, 0x2039, 0x0152, 0, 0x017d, 0,
  0, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x02dc, 0x2122, 0x0161, 0x203a, 0x0153, 0, 0x017e, 0x0178,
];
const C1 = /[\u0080-\u009f]/g;
const HAS_C1 = /[\u0080-\u009f]/;

function fixC1(s: string): string {
  return s.replace(C1, (ch) => {
    const cp = CP1252_HIGH[ch.charCodeAt(0) - 0x80];
    return cp === 0 ? ch : String.fromCharCode(cp);
  });
}

/** The subset of TextDecoder the loader uses. */
export interface StreamDecoder {
  decode(input?: Uint8Array, options?: { stream?: boolean }): string;
}

/** ASCII bytes read as text directly: the same string every supported 8-bit decoder gives, faster. */
function asciiText(input: Uint8Array): string {
  return Buffer.from(input.buffer, input.byteOffset, input.byteLength).toString('latin1');
}

/**
 * A streaming decoder, non-fatal (see SourceIngest.row for why), dropping a BOM. 'latin1' is read as windows-1252, as the WHATWG Encoding standard (and so TextDecoder)
 * does: files labelled latin1 are in practice windows-1252 (’ and € live in 0x80-0x9F).
 * A chunk of only ASCII bytes (most chunks of an Indonesian roster) skips the decoder when the
 * decoder holds no partial character: the first chunk always goes through it (a BOM is dropped
 * only at the start), and after a chunk through it, only when that chunk ended on an ASCII byte.
 */
export function createDecoder(encoding: ReadEncoding): StreamDecoder {
  if (encoding === 'utf-16le' || encoding === 'utf-16be') return new TextDecoder(encoding, { fatal: false });
  if (encoding === 'utf-8') {
    const inner = new TextDecoder(encoding, { fatal: false });
    let clean = false;
    return {
      decode(input?: Uint8Array, options?: { stream?: boolean }): string {
        if (input !== undefined && input.byteLength > 0) {
          if (clean && isAscii(input)) return asciiText(input);
          clean = input[input.byteLength - 1] < 0x80;
        }
        return inner.decode(input, options);
      },
    };
  }
  // Single-byte: no state crosses chunk boundaries, so fixing each decoded chunk is exact.
  const inner = new TextDecoder('latin1', { fatal: false });
  return {
    decode(input?: Uint8Array, options?: { stream?: boolean }): string {
      if (input !== undefined && isAscii(input)) return asciiText(input);
      const s = inner.decode(input, options);
      return HAS_C1.test(s) ? fixC1(s) : s;
    },
  };
}
