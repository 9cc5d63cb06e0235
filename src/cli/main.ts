import { Command, CommanderError } from 'commander';
import { PadanError } from '../domain/errors.js';
import { EXIT_OK, EXIT_USAGE } from './exit.js';
import { processIo, type Io } from './io.js';
import { COMMANDS } from './commands/index.js';
import { PADAN_VERSION } from '../version.js';

export interface CliContext {
  io: Io;
  /** Set by the command's action; main returns it. */
  exitCode: number;
}

export function buildProgram(ctx: CliContext): Command {
  const program = new Command('padan')
    .description(
      'Reconcile Indonesian bansos beneficiary rosters: find duplicated, missing, out-of-sync and ' +
        'invalid records across central, provincial and regency lists, and explain every finding.',
    )
    .version(PADAN_VERSION, '-V, --version')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride()
    .configureOutput({ writeOut: (s) => ctx.io.out(s), writeErr: (s) => ctx.io.err(s) })
    .addHelpText(
      'after',
      '\nExit codes: 0 no findings at the --fail-on level, 1 findings at that level,\n' +
        '            2 usage, config or unreadable input.\n' +
        'NIK and KK are masked in every output unless --show-nik is given.\n',
    );
  for (const register of COMMANDS) register(program, ctx);
  for (const sub of program.commands) sub.exitOverride().configureOutput({ writeOut: (s) => ctx.io.out(s), writeErr: (s) => ctx.io.err(s) });
  return program;
}

/** Runs the CLI and returns the exit code; never calls process.exit. */
export async function main(argv: string[], io: Io = processIo()): Promise<number> {
  const ctx: CliContext = { io, exitCode: EXIT_OK };
  const program = buildProgram(ctx);
  try {
    await program.parseAsync(argv);
    return ctx.exitCode;
  } catch (e) {
    if (e instanceof CommanderError) {
      // --help and --version end here with exit code 0; usage errors with commander's message already printed.
      return e.exitCode === 0 ? EXIT_OK : EXIT_USAGE;
    }
    if (e instanceof PadanError) {
      io.err(`padan: ${e.message}\n`);
      for (const d of e.details) io.err(`  ${d}\n`);
      return EXIT_USAGE;
    }
    throw e;
  }
}
