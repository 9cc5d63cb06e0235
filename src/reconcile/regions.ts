import type { RecordTable } from '../domain/table.js';

/**
 * A record's region as a small id: its own code, else its source's configured one. Ids let the
 * per-record loops compare and look up regions without touching strings.
 */
export class RegionIds {
  /** Text per id; ids below t.regions.length are the table's own dictionary. */
  readonly text: string[];
  /** Id of each source's configured region. */
  private readonly ofSource: Uint32Array;
  /** 1 when the table's region id holds a code (not ''). */
  private readonly own: Uint8Array;
  private readonly covering: (Uint16Array | undefined)[];
  /** Distinct configured regions, each with its sources in ascending order. */
  private readonly bySourceRegion: Map<string, number[]>;

  constructor(
    private readonly t: RecordTable,
    sourceRegions: string[],
  ) {
    this.text = [...t.regions];
    this.own = Uint8Array.from(t.regions, (r) => (r !== '' ? 1 : 0));
    const known = new Map<string, number>();
    t.regions.forEach((r, k) => {
      if (!known.has(r)) known.set(r, k);
    });
    this.ofSource = new Uint32Array(sourceRegions.length);
    this.bySourceRegion = new Map();
    sourceRegions.forEach((r, s) => {
      let id = known.get(r);
      if (id === undefined) {
        id = this.text.length;
        this.text.push(r);
        known.set(r, id);
      }
      this.ofSource[s] = id;
      const list = this.bySourceRegion.get(r);
      if (list) list.push(s);
      else this.bySourceRegion.set(r, [s]);
    });
    this.covering = new Array<Uint16Array | undefined>(this.text.length);
  }

  /** Region id of record i. */
  of(i: number): number {
    const own = this.t.region[i];
    return this.own[own] === 1 ? own : this.ofSource[this.t.source[i]];
  }

  /**
   * Sources whose configured region covers region `id` ('' covers everything; a code covers the
   * codes it prefixes; an unknown record region is covered only by ''), ascending.
   */
  coveringSources(id: number): Uint16Array {
    let list = this.covering[id];
    if (list === undefined) {
      const code = this.text[id];
      // Asked once per region id, so a lookup per prefix is cheap enough.
      const found: number[] = [];
      for (let len = 0; len <= code.length; len++) found.push(...(this.bySourceRegion.get(code.slice(0, len)) ?? []));
      list = Uint16Array.from(found).sort();
      this.covering[id] = list;
    }
    return list;
  }
}
