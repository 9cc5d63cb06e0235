import { createHmac } from 'node:crypto';
import { IdState } from '../domain/fields.js';
import type { Finding, RecordRef } from '../domain/finding.js';
import { idToString } from '../domain/ids.js';
import { cosmeticName } from '../domain/name.js';
import { nameOf, type RecordTable } from '../domain/table.js';
import { HmacSha256 } from './hmac.js';

/**
 * A finding's fingerprint names the problem, not where it sits: the same duplicate, missing record
 * or differing field gets the same fingerprint tonight and tomorrow even when rows moved, so the
 * history can tell new from still open and an acceptance keeps applying.
 *
 * Built from kind, code, program, field and each record's (source, person identity). The identity is
 * the clean NIK, else the cosmetically normalised name with the birth date, else the roster's own
 * record id; the line number only as the very last resort (a rejected row with nothing else).
 *
 * NIKs are personal data and a plain hash of a 16-digit NIK falls to brute force (10^16 candidates,
 * fewer given region and date structure), so the material goes through HMAC-SHA256 with a secret
 * kept in the state folder. 128 bits of the MAC are kept (base64url, 22 characters).
 */
export const FINGERPRINT_LENGTH = 22;
/** 128 bits of the MAC. */
const FINGERPRINT_BYTES = 16;

/** A short, non-secret id of a key: lets a baseline say which key its fingerprints were made with. */
export function keyId(key: Uint8Array): string {
  return createHmac('sha256', key).update('padan fingerprint key id').digest('hex').slice(0, 8);
}

/** Who record i is, independent of where it sits in its file; '' when nothing identifies it. */
export function recordIdentity(t: RecordTable, i: number): string {
  if (t.nikState[i] === IdState.Ok) return `nik:${idToString(t.nikHi[i], t.nikLo[i])}`;
  const name = cosmeticName(nameOf(t, i));
  if (name !== '') return `nb:${name}|${t.birth[i] > 0 ? t.birth[i] : ''}`;
  if (t.recordId.get(i) !== '') return `rid:${t.recordId.get(i)}`;
  if (t.nikRaw[i] !== '') return `raw:${t.nikRaw[i]}`;
  return '';
}

function endpoint(t: RecordTable, ref: RecordRef, f: Finding, isOther: boolean): string {
  let who = ref.index !== undefined ? recordIdentity(t, ref.index) : '';
  if (who === '' && ref.recordId !== '') who = `rid:${ref.recordId}`;
  // A rejected row carries no table record: its offending value is the next best identity.
  if (who === '' && !isOther && ref.index === undefined && f.value) who = `val:${f.field ?? ''}=${f.value}`;
  if (who === '' && ref.line > 0) who = `line:${ref.line}`;
  return `${ref.source}\u0001${who}`;
}

/** The text that is MACed. Exported for tests; never stored (it can hold a NIK). */
export function fingerprintMaterial(f: Finding, t: RecordTable): string {
  // Fields joined by NUL; built by concatenation (no arrays per finding on 10^5-10^6 findings).
  const head = `v1\u0000${f.kind}\u0000${f.code}\u0000${f.program ?? ''}\u0000${f.field ?? ''}\u0000`;
  const a = endpoint(t, f, f, false);
  if (f.other === undefined) return head + a;
  if (f.other.index !== undefined || f.other.line > 0) {
    // A pair of records (out_of_sync, shared NIK): the same pair whichever comes first in the files
    // (in code-unit order, as a default sort puts them).
    const b = endpoint(t, f.other, f, true);
    return a <= b ? `${head}${a}\u0000${b}` : `${head}${b}\u0000${a}`;
  }
  return `${head}${a}\u0000to\u0001${f.other.source}`; // missing: which source lacks the person
}

export function fingerprintOf(f: Finding, t: RecordTable, key: Uint8Array): string {
  return new HmacSha256(key).base64url(fingerprintMaterial(f, t), FINGERPRINT_BYTES);
}

/** Fingerprints parallel to `findings`. Several findings may share one (k rows of a duplicate group in one source). */
export function fingerprintFindings(findings: readonly Finding[], t: RecordTable, key: Uint8Array): string[] {
  const mac = new HmacSha256(key);
  const out = new Array<string>(findings.length);
  for (let k = 0; k < findings.length; k++) out[k] = mac.base64url(fingerprintMaterial(findings[k], t), FINGERPRINT_BYTES);
  return out;
}

export function isFingerprint(s: string): boolean {
  return s.length === FINGERPRINT_LENGTH && /^[A-Za-z0-9_-]+$/.test(s);
}
