import { randomBytes } from 'node:crypto';
import { linkSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PadanError } from '../domain/errors.js';
import { keyId } from './fingerprint.js';

export const KEY_FILE = 'fingerprint.key';
/** Lets CI (a fresh checkout, no state folder) make the same fingerprints as the officers' machine. */
export const KEY_ENV = 'PADAN_FINGERPRINT_KEY';

export interface FingerprintKey {
  key: Uint8Array;
  id: string;
  /** Where it came from: the environment, the state folder, or created just now. */
  origin: 'env' | 'file' | 'created';
}

function parseKeyText(text: string, where: string): Uint8Array {
  const s = text.trim();
  if (/^[0-9a-fA-F]{64}$/.test(s)) return Buffer.from(s, 'hex');
  if (s.length >= 32) return Buffer.from(s, 'utf8');
  throw new PadanError(`${where}: fingerprint key too short (expected 64 hex digits, as padan writes it)`);
}

/**
 * The HMAC key for fingerprints: $PADAN_FINGERPRINT_KEY, else STATE/fingerprint.key, created once
 * (32 random bytes, mode 0600). Created under a temporary name and hard-linked into place, so a
 * crash never leaves a half-written key and two first runs agree on one key.
 */
export function loadFingerprintKey(stateDir: string, env: NodeJS.ProcessEnv): FingerprintKey {
  const fromEnv = env[KEY_ENV];
  if (fromEnv !== undefined && fromEnv !== '') {
    const key = parseKeyText(fromEnv, KEY_ENV);
    return { key, id: keyId(key), origin: 'env' };
  }
  const path = join(stateDir, KEY_FILE);
  const read = (): Uint8Array | undefined => {
    try {
      return parseKeyText(readFileSync(path, 'utf8'), path);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      if (e instanceof PadanError) throw e;
      throw new PadanError(`${path}: cannot read the fingerprint key (${(e as NodeJS.ErrnoException).code ?? 'error'})`);
    }
  };
  const existing = read();
  if (existing) return { key: existing, id: keyId(existing), origin: 'file' };

  try {
    mkdirSync(stateDir, { recursive: true, mode: 0o700 });
  } catch (e) {
    throw new PadanError(`${stateDir}: cannot create the state folder (${(e as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  const key = randomBytes(32);
  const tmp = `${path}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`;
  writeFileSync(tmp, key.toString('hex') + '\n', { mode: 0o600, flag: 'wx' });
  try {
    linkSync(tmp, path);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    // Another first run won the race: use its key.
    rmSync(tmp, { force: true });
    const theirs = read();
    if (!theirs) throw new PadanError(`${path}: fingerprint key vanished while creating it`);
    return { key: theirs, id: keyId(theirs), origin: 'file' };
  }
  rmSync(tmp, { force: true });
  return { key, id: keyId(key), origin: 'created' };
}
