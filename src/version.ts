import { readFileSync } from 'node:fs';

// Read once from package.json so reports record exactly which padan produced them.
export const PADAN_VERSION: string = (
  JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }
).version;
