/**
 * Pairs of 32-bit values (two record indices, the two halves of a KK) numbered 0, 1, 2... in the
 * order first seen. Open addressing over typed columns: no string key per pair and no
 * 16.7M-entry Map/Set limit.
 */
export class PairIndex {
  private slotX: Uint32Array;
  private slotY: Uint32Array;
  private slotId: Uint32Array;
  private mask: number;
  private count = 0;

  constructor(capacity = 1024) {
    let size = 16;
    while (size < capacity * 2) size *= 2;
    this.slotX = new Uint32Array(size).fill(EMPTY);
    this.slotY = new Uint32Array(size);
    this.slotId = new Uint32Array(size);
    this.mask = size - 1;
  }

  get size(): number {
    return this.count;
  }

  /** Id of (x, y), or -1 when it was never added. */
  get(x: number, y: number): number {
    let slot = pairHash(x, y) & this.mask;
    while (this.slotX[slot] !== EMPTY) {
      if (this.slotX[slot] === x && this.slotY[slot] === y) return this.slotId[slot];
      slot = (slot + 1) & this.mask;
    }
    return -1;
  }

  /** Id of (x, y), numbering it next when new. */
  add(x: number, y: number): number {
    let slot = pairHash(x, y) & this.mask;
    while (this.slotX[slot] !== EMPTY) {
      if (this.slotX[slot] === x && this.slotY[slot] === y) return this.slotId[slot];
      slot = (slot + 1) & this.mask;
    }
    this.slotX[slot] = x;
    this.slotY[slot] = y;
    const id = this.count++;
    this.slotId[slot] = id;
    if (this.count * 2 > this.slotX.length) this.grow();
    return id;
  }

  private grow(): void {
    const { slotX, slotY, slotId } = this;
    this.slotX = new Uint32Array(slotX.length * 2).fill(EMPTY);
    this.slotY = new Uint32Array(slotX.length * 2);
    this.slotId = new Uint32Array(slotX.length * 2);
    this.mask = this.slotX.length - 1;
    for (let s = 0; s < slotX.length; s++) {
      if (slotX[s] === EMPTY) continue;
      let slot = pairHash(slotX[s], slotY[s]) & this.mask;
      while (this.slotX[slot] !== EMPTY) slot = (slot + 1) & this.mask;
      this.slotX[slot] = slotX[s];
      this.slotY[slot] = slotY[s];
      this.slotId[slot] = slotId[s];
    }
  }
}

/** Record indices and KK halves are below 2^32 - 1, so this never names a real pair. */
const EMPTY = 0xffffffff;

function pairHash(x: number, y: number): number {
  let h = Math.imul(x, 0x9e3779b1) ^ Math.imul(y ^ (y >>> 16), 0x85ebca6b);
  h ^= h >>> 15;
  return h >>> 0;
}
