import { readFileSync } from 'node:fs';
import { dirname, resolve, basename, extname } from 'node:path';
import type { z } from 'zod';
import { PadanError } from '../domain/errors.js';
import { configSchema, type ResolvedConfig, type SourceConfig } from './schema.js';

/** `sources[2].role` from a zod issue path. */
export function formatIssuePath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const p of path) {
    if (typeof p === 'number') out += `[${p}]`;
    else out += out === '' ? String(p) : `.${String(p)}`;
  }
  return out === '' ? '(top level)' : out;
}

export function formatZodIssues(issues: readonly z.core.$ZodIssue[]): string[] {
  return issues.map((iss) => `${formatIssuePath(iss.path)}: ${iss.message}`);
}

/** Parses and checks a config object; every problem is collected, then reported at once. */
export function parseConfig(raw: unknown, configPath: string): ResolvedConfig {
  const parsed = configSchema.safeParse(raw);
  if (!parsed.success) {
    const lines = formatZodIssues(parsed.error.issues);
    throw new PadanError(`${configPath}: invalid config (${lines.length} problem${lines.length > 1 ? 's' : ''})`, lines);
  }
  const dir = dirname(resolve(configPath));
  return {
    ...parsed.data,
    configPath: resolve(configPath),
    sources: parsed.data.sources.map((s, index) => ({ ...s, absPath: resolve(dir, s.path), index })),
  };
}

export function readConfig(configPath: string): ResolvedConfig {
  let text: string;
  try {
    text = readFileSync(configPath, 'utf8');
  } catch (e) {
    throw new PadanError(`${configPath}: cannot read config (${(e as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (e) {
    throw new PadanError(`${configPath}: not valid JSON (${(e as Error).message})`);
  }
  return parseConfig(raw, configPath);
}

/**
 * `padan validate FILE...` without a config: each file becomes a source of its own with headers
 * mapped by synonyms. Role "central" because it stands alone and covers everything.
 */
export function configFromFiles(paths: string[], province = '00'): ResolvedConfig {
  const used = new Set<string>();
  const sources = paths.map((p, index): ResolvedConfig['sources'][number] => {
    let name = basename(p, extname(p)).toLowerCase().replace(/[^a-z0-9_-]+/g, '_') || 'source';
    while (used.has(name)) name += '_';
    used.add(name);
    const s: SourceConfig = { name, role: 'central', path: p };
    return { ...s, absPath: resolve(p), index };
  });
  return { province, sources, configPath: '' };
}

/** A path is treated as a config when it ends in .json. */
export function isConfigPath(p: string): boolean {
  return p.toLowerCase().endsWith('.json');
}
