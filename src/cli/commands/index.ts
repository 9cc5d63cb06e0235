import type { Command } from 'commander';
import type { CliContext } from '../main.js';
import { registerAccept } from './accept.js';
import { registerExplain } from './explain.js';
import { registerGenerate } from './generate.js';
import { registerHistory } from './history.js';
import { registerReconcile } from './reconcile.js';
import { registerValidate } from './validate.js';

/** Each subcommand lives in its own file and registers itself here. */
export type RegisterCommand = (program: Command, ctx: CliContext) => void;

export const COMMANDS: RegisterCommand[] = [registerReconcile, registerExplain, registerGenerate, registerValidate, registerHistory, registerAccept];
