import { createHash } from 'node:crypto';

/*
 * HMAC-SHA256 (RFC 2104 over FIPS 180-4 SHA-256) for many short texts under one key.
 *
 * Why not node:crypto's createHmac: a fingerprint MACs ~100 bytes, and each createHmac costs a
 * native object, key setup and two digest calls: ~5 us per ~100-byte material on Node 20 here, seconds
 * for a province's hundreds of thousands of findings. Here the key's inner and outer blocks are hashed
 * once, and a fingerprint costs three compressions in plain JS (~3 us on the same texts).
 * tests/history-hmac.test.ts holds it to createHmac on random keys and texts (multi-block, non-ASCII, lone surrogates, long keys).
 */

const K = Int32Array.from([
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3,
  0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
  0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13,
  0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
  0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208,
  0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
]);
const IV = Int32Array.from([0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19]);
const BLOCK = 64;

/** One SHA-256 compression of the 64-byte block at b[off] into state st. */
function compress(st: Int32Array, w: Int32Array, b: Uint8Array, off: number): void {
  for (let t = 0; t < 16; t++) {
    const o = off + 4 * t;
    w[t] = (b[o] << 24) | (b[o + 1] << 16) | (b[o + 2] << 8) | b[o + 3];
  }
  for (let t = 16; t < 64; t++) {
    const x = w[t - 15];
    const y = w[t - 2];
    const s0 = ((x >>> 7) | (x << 25)) ^ ((x >>> 18) | (x << 14)) ^ (x >>> 3);
    const s1 = ((y >>> 17) | (y << 15)) ^ ((y >>> 19) | (y << 13)) ^ (y >>> 10);
    w[t] = (w[t - 16] + s0 + w[t - 7] + s1) | 0;
  }
  let a = st[0];
  let b1 = st[1];
  let c = st[2];
  let d = st[3];
  let e = st[4];
  let f = st[5];
  let g = st[6];
  let h = st[7];
  for (let t = 0; t < 64; t++) {
    const s1 = ((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7));
    const t1 = (h + s1 + ((e & f) ^ (~e & g)) + K[t] + w[t]) | 0;
    const s0 = ((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10));
    const t2 = (s0 + ((a & b1) ^ (a & c) ^ (b1 & c))) | 0;
    h = g;
    g = f;
    f = e;
    e = (d + t1) | 0;
    d = c;
    c = b1;
    b1 = a;
    a = (t1 + t2) | 0;
  }
  st[0] = (st[0] + a) | 0;
  st[1] = (st[1] + b1) | 0;
  st[2] = (st[2] + c) | 0;
  st[3] = (st[3] + d) | 0;
  st[4] = (st[4] + e) | 0;
  st[5] = (st[5] + f) | 0;
  st[6] = (st[6] + g) | 0;
  st[7] = (st[7] + h) | 0;
}

/** Appends SHA-256 padding after n message bytes in buf (prefix bytes already hashed); the padded length. */
function pad(buf: Uint8Array, n: number, prefix: number): number {
  const bits = (prefix + n) * 8;
  let len = n;
  buf[len++] = 0x80;
  while (len % BLOCK !== 56) buf[len++] = 0;
  const hi = Math.floor(bits / 2 ** 32);
  const lo = bits >>> 0;
  buf[len++] = hi >>> 24;
  buf[len++] = (hi >>> 16) & 255;
  buf[len++] = (hi >>> 8) & 255;
  buf[len++] = hi & 255;
  buf[len++] = lo >>> 24;
  buf[len++] = (lo >>> 16) & 255;
  buf[len++] = (lo >>> 8) & 255;
  buf[len++] = lo & 255;
  return len;
}

function putState(st: Int32Array, words: number, out: Uint8Array): void {
  for (let i = 0; i < words; i++) {
    const v = st[i];
    out[4 * i] = v >>> 24;
    out[4 * i + 1] = (v >>> 16) & 255;
    out[4 * i + 2] = (v >>> 8) & 255;
    out[4 * i + 3] = v & 255;
  }
}

export class HmacSha256 {
  private readonly inner = new Int32Array(8);
  private readonly outer = new Int32Array(8);
  private readonly st = new Int32Array(8);
  private readonly w = new Int32Array(64);
  private readonly encoder = new TextEncoder();
  private msg = new Uint8Array(1024);
  private readonly innerDigest = new Uint8Array(BLOCK);
  private readonly mac = Buffer.alloc(32);

  constructor(key: Uint8Array) {
    // RFC 2104: a key longer than the block is hashed first; a shorter one is zero-padded.
    const k = new Uint8Array(BLOCK);
    k.set(key.length > BLOCK ? createHash('sha256').update(key).digest() : key);
    const ipad = k.map((x) => x ^ 0x36);
    const opad = k.map((x) => x ^ 0x5c);
    this.inner.set(IV);
    compress(this.inner, this.w, ipad, 0);
    this.outer.set(IV);
    compress(this.outer, this.w, opad, 0);
  }

  /** The first `bytes` (at most 32) bytes of HMAC-SHA256(key, UTF-8 of text), base64url. */
  base64url(text: string, bytes: number): string {
    // UTF-8 takes at most 3 bytes per UTF-16 unit; padding at most 72 more.
    if (this.msg.length < text.length * 3 + 72) this.msg = new Uint8Array(text.length * 6 + 144);
    return this.macOfMessage(this.encoder.encodeInto(text, this.msg).written, bytes);
  }

  /** base64url(text) for a text already in UTF-8: data[start..end). */
  base64urlOfBytes(data: Uint8Array, start: number, end: number, bytes: number): string {
    const n = end - start;
    if (this.msg.length < n + 72) this.msg = new Uint8Array(n * 2 + 144);
    this.msg.set(data.subarray(start, end));
    return this.macOfMessage(n, bytes);
  }

  /** The MAC of the n message bytes at the start of msg. */
  private macOfMessage(n: number, bytes: number): string {
    const len = pad(this.msg, n, BLOCK);
    const st = this.st;
    st.set(this.inner);
    for (let off = 0; off < len; off += BLOCK) compress(st, this.w, this.msg, off);
    putState(st, 8, this.innerDigest);
    pad(this.innerDigest, 32, BLOCK);
    st.set(this.outer);
    compress(st, this.w, this.innerDigest, 0);
    putState(st, 8, this.mac);
    return this.mac.toString('base64url', 0, bytes);
  }
}
