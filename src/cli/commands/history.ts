import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { Command, Option } from 'commander';
import { pickLang } from '../../messages/catalogue.js';
import { DEFAULT_STATE_DIR, defaultStateDir } from '../../history/nightly.js';
import { renderRunList } from '../../history/render.js';
import { readRuns } from '../../history/store.js';
import { EXIT_OK } from '../exit.js';
import type { CliContext } from '../main.js';
import { chalkFor } from '../terminal.js';

interface HistoryOpts {
  state?: string;
  format: 'text' | 'json';
  lang?: string;
}

export function registerHistory(program: Command, ctx: CliContext): void {
  program
    .command('history')
    .summary('list past reconcile runs with their counts: findings per kind, new, resolved, accepted')
    .description(
      'Reads the run history that padan reconcile keeps in its state folder (default .padan beside the ' +
        'config) and lists the runs it still holds, oldest first. Nothing is changed.',
    )
    .argument('[CONFIG]', 'padan.config.json whose history to show (its .padan folder)')
    .option('--state <DIR>', 'the state folder itself (as given to padan reconcile --state)')
    .addOption(new Option('--format <FORMAT>', 'output').choices(['text', 'json']).default('text'))
    .addOption(new Option('--lang <LANG>', 'language of headings').choices(['en', 'id']))
    .addHelpText('after', '\nExamples:\n  padan history padan.config.json\n  padan history --state /var/lib/padan/state --format json\n')
    .action((configPath: string | undefined, opts: HistoryOpts) => {
      ctx.exitCode = showHistory(configPath, opts, ctx);
    });
}

function showHistory(configPath: string | undefined, opts: HistoryOpts, ctx: CliContext): number {
  const { io } = ctx;
  const stateDir =
    opts.state !== undefined
      ? resolve(io.cwd, opts.state)
      : configPath !== undefined
        ? defaultStateDir(resolve(io.cwd, configPath))
        : resolve(io.cwd, DEFAULT_STATE_DIR);
  const store = readRuns(stateDir);
  if (opts.format === 'json') {
    io.out(JSON.stringify({ stateDir, exists: existsSync(stateDir), ...store }, null, 2) + '\n');
    return EXIT_OK;
  }
  const c = chalkFor(io);
  io.out(renderRunList(store.runs, stateDir, pickLang(opts.lang, io.env), c));
  if (store.tornTail) io.out(c.yellow('note: the last run was cut short while being recorded; it is ignored\n'));
  if (store.damagedLines > 0) io.out(c.yellow(`note: ${store.damagedLines} damaged line(s) in the history ignored\n`));
  return EXIT_OK;
}
