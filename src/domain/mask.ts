// Masking for personal data (UU 27/2022): terminal, logs and reports show these unless an
// authorised officer passes --show-nik. Officers find the row by source and line instead.

/** 6171********0003: first 4 and last 4 digits of a 16-digit id; shorter text keeps less. */
export function maskId(value: string): string {
  if (value === '') return '';
  if (value.length >= 12) return value.slice(0, 4) + '*'.repeat(value.length - 8) + value.slice(-4);
  if (value.length >= 6) return value.slice(0, 2) + '*'.repeat(value.length - 4) + value.slice(-2);
  return '*'.repeat(value.length);
}

/** W****N L***I: each token keeps its first and last letter (the cekbansos pattern). */
export function maskName(value: string): string {
  return value
    .split(/(\s+)/)
    .map((tok) => {
      if (/^\s+$/.test(tok) || tok.length === 0) return tok;
      if (tok.length <= 2) return tok[0] + '*'.repeat(tok.length - 1);
      return tok[0] + '*'.repeat(tok.length - 2) + tok[tok.length - 1];
    })
    .join('');
}
