// The zip layer under an .xlsx file, checked before exceljs reads it.
//
// Why padan reads the zip directory itself: exceljs streams the archive through unzipper, which
// trusts every size it is told and inflates whatever it meets, so a renamed CSV, a truncated
// download or a zip bomb would surface as an obscure error, a hang or an exhausted disk. Reading
// the central directory (a few KB at the end of the file) and inflating each entry once with a
// byte budget turns each of those into a one-line PadanError before any row is read.
import { createReadStream } from 'node:fs';
import { crc32 as crc32Of } from 'node:zlib';
import { open, type FileHandle } from 'node:fs/promises';
import { StringDecoder } from 'node:string_decoder';
import { createInflateRaw } from 'node:zlib';
import { PadanError } from '../domain/errors.js';

export interface ZipLimits {
  /** Sum of every entry's unpacked size. A full Excel sheet (1,048,576 rows) fits well below it. */
  maxUnpackedBytes: number;
  /** Unpacked/packed ratio above which a large entry is taken for a zip bomb (deflate tops out near 1032). */
  maxRatio: number;
  maxEntries: number;
}

export const DEFAULT_ZIP_LIMITS: ZipLimits = {
  maxUnpackedBytes: 3 * 2 ** 30,
  maxRatio: 500,
  maxEntries: 10_000,
};

export interface ZipEntry {
  name: string;
  method: number;
  flags: number;
  compressedSize: number;
  uncompressedSize: number;
  localOffset: number;
  crc32: number;
  /** Offset of the entry's data, after its local header. */
  dataStart: number;
}

const SIG_LOCAL = 0x04034b50;
const SIG_CENTRAL = 0x02014b50;
const SIG_END = 0x06054b50;
const MAX_DATA_DESCRIPTOR = 24;
/** Ratio check only for entries this big: small XML parts compress oddly well and are harmless. */
const RATIO_MIN_BYTES = 1 << 20;

export function formatBytes(n: number): string {
  if (n >= 2 ** 30) return `${(n / 2 ** 30).toFixed(1)} GiB`;
  if (n >= 2 ** 20) return `${(n / 2 ** 20).toFixed(1)} MiB`;
  if (n >= 2 ** 10) return `${(n / 2 ** 10).toFixed(1)} KiB`;
  return `${n} bytes`;
}

async function readAt(fh: FileHandle, position: number, length: number): Promise<Buffer> {
  const buf = Buffer.alloc(length);
  const { bytesRead } = await fh.read(buf, 0, length, position);
  return bytesRead === length ? buf : buf.subarray(0, bytesRead);
}

/** Says what a file that is not a zip archive most likely is, for the error message. */
function describeNonZip(head: Buffer): string {
  if (head.length === 0) return 'is empty, not an Excel workbook';
  if (head.length >= 4 && head.readUInt32BE(0) === 0xd0cf11e0) {
    return 'is an old-style .xls workbook (Excel 97-2003) or a password-protected workbook; save it from Excel as an unprotected .xlsx';
  }
  if (head.subarray(0, 5).toString('latin1') === '%PDF-') return 'is a PDF, not an Excel workbook';
  let text = 0;
  for (const b of head) if (b === 9 || b === 10 || b === 13 || (b >= 32 && b !== 127)) text++;
  if (text / head.length > 0.95) {
    const firstLine = head.toString('latin1').split(/\r?\n/, 1)[0];
    if (/[,;\t|]/.test(firstLine)) {
      return 'is a text (CSV) file with an .xlsx name; give it a .csv name in the config, or save it from Excel as .xlsx';
    }
    return 'is a text file, not an Excel workbook; save it from Excel as .xlsx';
  }
  return 'is not an Excel .xlsx workbook (not a zip archive)';
}

/**
 * Reads and checks the zip's central directory and local headers: a zip at all, not encrypted,
 * entries laid out back to back (so a streaming unzip meets exactly these entries and no two share
 * data, the trick of "overlapping" zip bombs), declared sizes within the limits.
 */
export async function readZipDirectory(path: string, label: string, limits: ZipLimits): Promise<ZipEntry[]> {
  let fh: FileHandle;
  try {
    fh = await open(path, 'r');
  } catch (e) {
    throw new PadanError(`${label}: cannot read file (${(e as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  try {
    const { size } = await fh.stat();
    const head = await readAt(fh, 0, Math.min(size, 4096));
    if (head.length < 4 || head.readUInt32LE(0) !== SIG_LOCAL) throw new PadanError(`${label}: ${describeNonZip(head)}`);
    const corrupt = (why: string) =>
      new PadanError(`${label}: the workbook is damaged (${why}); download or export it again`);

    const tailLen = Math.min(size, 22 + 0xffff);
    const tail = await readAt(fh, size - tailLen, tailLen);
    let end = -1;
    for (let i = tail.length - 22; i >= 0; i--) {
      if (tail.readUInt32LE(i) === SIG_END && i + 22 + tail.readUInt16LE(i + 20) === tail.length) {
        end = i;
        break;
      }
    }
    if (end < 0) throw corrupt('the zip directory at its end is missing, so the file is probably cut short');
    const count = tail.readUInt16LE(end + 10);
    const cdSize = tail.readUInt32LE(end + 12);
    const cdOffset = tail.readUInt32LE(end + 16);
    if (count === 0xffff || cdSize === 0xffffffff || cdOffset === 0xffffffff) {
      throw new PadanError(`${label}: the workbook is larger than 4 GiB, more than padan reads from an .xlsx; export the roster as CSV instead`);
    }
    if (count > limits.maxEntries) throw new PadanError(`${label}: the workbook has ${count} parts, more than a roster workbook ever has`);
    const cdEnd = size - tailLen + end;
    if (cdOffset + cdSize > cdEnd) throw corrupt('its zip directory points past the end of the file');

    const cd = await readAt(fh, cdOffset, cdSize);
    const entries: ZipEntry[] = [];
    let p = 0;
    for (let k = 0; k < count; k++) {
      if (p + 46 > cd.length || cd.readUInt32LE(p) !== SIG_CENTRAL) throw corrupt('its zip directory is unreadable');
      const flags = cd.readUInt16LE(p + 8);
      const method = cd.readUInt16LE(p + 10);
      const crc32 = cd.readUInt32LE(p + 16);
      let compressedSize = cd.readUInt32LE(p + 20);
      let uncompressedSize = cd.readUInt32LE(p + 24);
      const nameLen = cd.readUInt16LE(p + 28);
      const extraLen = cd.readUInt16LE(p + 30);
      const commentLen = cd.readUInt16LE(p + 32);
      let localOffset = cd.readUInt32LE(p + 42);
      const nameBytes = cd.subarray(p + 46, p + 46 + nameLen);
      const name = nameBytes.toString(flags & 0x800 ? 'utf8' : 'latin1');
      // ZIP64 extra field: the saturated 32-bit sizes are given as 64-bit values, in this order.
      let x = p + 46 + nameLen;
      const extraEnd = x + extraLen;
      while (x + 4 <= extraEnd) {
        const id = cd.readUInt16LE(x);
        const len = cd.readUInt16LE(x + 2);
        if (id === 0x0001) {
          let q = x + 4;
          const next = () => {
            const v = q + 8 <= x + 4 + len ? Number(cd.readBigUInt64LE(q)) : Number.NaN;
            q += 8;
            return v;
          };
          if (uncompressedSize === 0xffffffff) uncompressedSize = next();
          if (compressedSize === 0xffffffff) compressedSize = next();
          if (localOffset === 0xffffffff) localOffset = next();
        }
        x += 4 + len;
      }
      if (![compressedSize, uncompressedSize, localOffset].every(Number.isFinite)) throw corrupt('its zip directory is unreadable');
      if (flags & 0x1) throw new PadanError(`${label}: the workbook is encrypted; save an unprotected copy from Excel`);
      if (method !== 0 && method !== 8) {
        throw new PadanError(`${label}: part ${name} uses a compression padan cannot read (method ${method}); re-save it from Excel`);
      }
      entries.push({ name, method, flags, compressedSize, uncompressedSize, localOffset, crc32, dataStart: 0 });
      p += 46 + nameLen + extraLen + commentLen;
    }

    let declared = 0;
    for (const e of entries) {
      declared += e.uncompressedSize;
      if (e.uncompressedSize > RATIO_MIN_BYTES && e.uncompressedSize / Math.max(e.compressedSize, 1) > limits.maxRatio) {
        throw new PadanError(
          `${label}: part ${e.name} unpacks ${Math.round(e.uncompressedSize / Math.max(e.compressedSize, 1))} times its packed size, ` +
            'which only a zip bomb does; padan will not open it',
        );
      }
    }
    if (declared > limits.maxUnpackedBytes) {
      throw new PadanError(
        `${label}: the workbook unpacks to ${formatBytes(declared)}, more than padan's limit of ${formatBytes(limits.maxUnpackedBytes)}; export the roster as CSV instead`,
      );
    }

    const byOffset = [...entries].sort((a, b) => a.localOffset - b.localOffset);
    let expected = 0;
    for (const e of byOffset) {
      const gap = e.localOffset - expected;
      if (gap < 0 || gap > MAX_DATA_DESCRIPTOR) throw corrupt(`its parts overlap or hide data near ${e.name}`);
      const local = await readAt(fh, e.localOffset, 30);
      if (local.length < 30 || local.readUInt32LE(0) !== SIG_LOCAL) throw corrupt(`part ${e.name} is missing`);
      e.dataStart = e.localOffset + 30 + local.readUInt16LE(26) + local.readUInt16LE(28);
      expected = e.dataStart + e.compressedSize;
    }
    const trailing = cdOffset - expected;
    if (trailing < 0 || trailing > MAX_DATA_DESCRIPTOR) throw corrupt('its parts and its zip directory disagree');
    return entries;
  } finally {
    await fh.close();
  }
}

/**
 * Inflates one entry, refusing to produce more than it declared (a lying size is the other way to
 * build a zip bomb). `onText`, when given, receives the entry decoded as UTF-8, chunk by chunk.
 * Returns the number of bytes produced.
 */
export async function inflateEntry(
  path: string,
  entry: ZipEntry,
  label: string,
  onText?: (text: string) => void,
): Promise<number> {
  const corrupt = (why: string) =>
    new PadanError(`${label}: the workbook is damaged (${entry.name}: ${why}); download or export it again`);
  if (entry.compressedSize === 0) {
    if (entry.uncompressedSize !== 0) throw corrupt('its data is missing');
    return 0;
  }
  const src = createReadStream(path, { start: entry.dataStart, end: entry.dataStart + entry.compressedSize - 1 });
  const inflater = entry.method === 8 ? createInflateRaw() : null;
  const stream = inflater ? src.pipe(inflater) : src;
  if (inflater) src.on('error', (e) => inflater.destroy(e));
  const decoder = onText ? new StringDecoder('utf8') : null;
  let produced = 0;
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      produced += chunk.length;
      if (produced > entry.uncompressedSize) throw corrupt('it unpacks to more than it declares, as a zip bomb does');
      if (decoder && onText) onText(decoder.write(chunk));
    }
  } catch (e) {
    if (e instanceof PadanError) throw e;
    throw corrupt((e as Error).message);
  } finally {
    src.destroy();
    inflater?.destroy();
  }
  if (produced !== entry.uncompressedSize) throw corrupt('it is shorter than it declares');
  if (decoder && onText) onText(decoder.end());
  return produced;
}

/** The whole entry as text; for the small XML parts (workbook, relationships). */
export async function readEntryText(path: string, entry: ZipEntry, label: string, maxBytes = 16 << 20): Promise<string> {
  if (entry.uncompressedSize > maxBytes) {
    throw new PadanError(`${label}: part ${entry.name} is ${formatBytes(entry.uncompressedSize)}, far more than a workbook needs`);
  }
  const parts: string[] = [];
  await inflateEntry(path, entry, label, (t) => parts.push(t));
  return parts.join('');
}

/** A part to put into a re-laid zip stream: one from the file, or one made up here. */
export type StreamPart = { entry: ZipEntry } | { name: string; data: Buffer };

function localHeader(name: Buffer, method: number, crc: number, compressedSize: number, uncompressedSize: number): Buffer {
  const h = Buffer.alloc(30);
  h.writeUInt32LE(SIG_LOCAL, 0);
  h.writeUInt16LE(20, 4);
  h.writeUInt16LE(0x800, 6); // UTF-8 names; sizes are in the header, so no data descriptor follows
  h.writeUInt16LE(method, 8);
  h.writeUInt32LE(crc >>> 0, 14);
  h.writeUInt32LE(compressedSize, 18);
  h.writeUInt32LE(uncompressedSize, 22);
  h.writeUInt16LE(name.length, 26);
  return h;
}

/**
 * The given parts as a zip stream, in the given order, each with its sizes in its local header.
 * Packed data is copied from the file as it is (nothing is re-compressed).
 */
export async function* zipPartsStream(path: string, parts: StreamPart[]): AsyncGenerator<Buffer, void, undefined> {
  for (const part of parts) {
    if ('entry' in part) {
      const e = part.entry;
      const name = Buffer.from(e.name, 'utf8');
      yield Buffer.concat([localHeader(name, e.method, e.crc32, e.compressedSize, e.uncompressedSize), name]);
      if (e.compressedSize > 0) {
        const src = createReadStream(path, { start: e.dataStart, end: e.dataStart + e.compressedSize - 1 });
        try {
          for await (const chunk of src as AsyncIterable<Buffer>) yield chunk;
        } finally {
          src.destroy();
        }
      }
    } else {
      const name = Buffer.from(part.name, 'utf8');
      yield Buffer.concat([localHeader(name, 0, crc32Of(part.data), part.data.length, part.data.length), name]);
      for (let i = 0; i < part.data.length; i += 1 << 16) yield part.data.subarray(i, i + (1 << 16));
    }
  }
}
