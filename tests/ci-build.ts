import { copyFileSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import ts from 'typescript';

/**
 * Lays out a runnable padan package in `dir` (bin/, dist/ transpiled from src/, data/, package.json,
 * node_modules), like an install, without touching the repository's own dist/. For tests that run
 * padan as a separate process: shell scripts from docs/, a run killed mid-write. Transpile only
 * (no type check): the typecheck is `npm run typecheck`'s job.
 */
export function buildPadanPackage(dir: string): { root: string; bin: string; command: string } {
  const repo = resolve('.');
  const files = (readdirSync(join(repo, 'src'), { recursive: true, encoding: 'utf8' }) as string[]).filter((f) => f.endsWith('.ts'));
  for (const f of files) {
    const js = ts.transpileModule(readFileSync(join(repo, 'src', f), 'utf8'), {
      compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
      fileName: f,
    }).outputText;
    const dest = join(dir, 'dist', f.replace(/\.ts$/, '.js'));
    mkdirSync(dirname(dest), { recursive: true });
    writeFileSync(dest, js);
  }
  mkdirSync(join(dir, 'bin'), { recursive: true });
  copyFileSync(join(repo, 'bin', 'padan.js'), join(dir, 'bin', 'padan.js'));
  copyFileSync(join(repo, 'package.json'), join(dir, 'package.json'));
  symlinkSync(join(repo, 'data'), join(dir, 'data'));
  symlinkSync(join(repo, 'node_modules'), join(dir, 'node_modules'));
  const bin = join(dir, 'bin', 'padan.js');
  return { root: dir, bin, command: `${process.execPath} ${bin}` };
}
