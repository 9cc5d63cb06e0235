type TypedArray = Uint8Array | Uint16Array | Uint32Array | Int32Array | Float64Array;

/**
 * `a` when it already holds `length` elements, else a copy in an array at least twice as long:
 * the growth step of every append-only typed column and buffer (appends stay amortised O(1)).
 */
export function grown<T extends TypedArray>(a: T, length: number): T {
  if (a.length >= length) return a;
  let size = Math.max(1, a.length * 2);
  while (size < length) size *= 2;
  const b = new (a.constructor as new (n: number) => T)(size);
  b.set(a as ArrayLike<number>);
  return b;
}
