import { parseArgs, type ParseArgsConfig } from 'node:util';
import { writeSync } from 'node:fs';
import { join } from 'node:path';
import { AppError } from '../../shared/errors';
import { defaultDataDir } from '../core/paths';
import { fromSqliteError } from '../core/cache/errors';
import { commandIndex } from './args';
import { EXIT, UsageError, writeAll, type Command, type CommandModule, type Flags } from './command';
import { actionsCommand } from './commands/actions';
import { accountsCommand } from './commands/accounts';
import { contactsCommand } from './commands/contacts';
import { conversationsCommand } from './commands/conversations';
import { demoCommand } from './commands/demo';
import { demoServerCommand } from './commands/demoServer';
import { exportCommand } from './commands/export';
import { numbersCommand } from './commands/numbers';
import { searchCommand } from './commands/search';
import { sendCommand } from './commands/send';
import { syncCommand } from './commands/sync';
import { threadCommand } from './commands/thread';
import { credentialHelp } from './envCredentials';

/**
 * The CLI's entry: parses the global options, finds the command, runs it and maps what it threw
 * to an exit code. Each command, with its lines of the usage text, is a module in commands/.
 */

/** In the order --help lists them. */
const modules: readonly CommandModule[] = [
  demoCommand,
  accountsCommand,
  numbersCommand,
  syncCommand,
  conversationsCommand,
  threadCommand,
  searchCommand,
  sendCommand,
  actionsCommand,
  exportCommand,
  contactsCommand,
  demoServerCommand,
];
const commands: Record<string, Command> = Object.assign({}, ...modules.map((module) => module.commands));

const USAGE = `Usage: textdesk <command> [options]     (npm run cli -- <command> [options])

Commands:
${modules.map((module) => module.help).join('\n')}

Global options:
  --db PATH     the cache file (default: the desktop app's own, ${join(defaultDataDir(), 'cache.db')})
  --json        machine-readable output
  --help        this text

Credentials come from the environment, one set per provider:
${credentialHelp()}
Number IDs may be the cache's id, the provider's id, or the phone number itself.`;

const globalOptions = {
  db: { type: 'string' },
  json: { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false },
} as const satisfies ParseArgsConfig['options'];
const globalsTakingValues = new Set(Object.entries(globalOptions).filter(([, o]) => o.type === 'string').map(([name]) => name));

export async function main(argv: string[]): Promise<number> {
  const out = (line: string) => writeAll(1, `${line}\n`);
  const err = (line: string) => writeAll(2, `${line}\n`);
  const at = commandIndex(argv, globalsTakingValues);
  const name = at >= 0 ? argv[at] : undefined;
  if (!name || argv.includes('--help') || argv.includes('-h')) {
    (name || argv.length === 0 || argv.includes('--help') || argv.includes('-h') ? out : err)(USAGE);
    return name === undefined && argv.length > 0 && !argv.includes('--help') && !argv.includes('-h') ? EXIT.usage : EXIT.ok;
  }
  const command = Object.hasOwn(commands, name) ? commands[name] : undefined;
  if (!command) {
    err(`textdesk: unknown command "${name}". Run with --help to see the commands.`);
    return EXIT.usage;
  }
  try {
    const rest = [...argv];
    rest.splice(at, 1);
    const parsed = parseArgs({ args: rest, options: { ...globalOptions, ...command.options }, allowPositionals: true, strict: true });
    return await command.run({
      command: name,
      flags: parsed.values as Flags,
      positionals: parsed.positionals,
      json: parsed.values.json === true,
      out,
      err,
    });
  } catch (error) {
    return report(error, err);
  }
}

/** What a command threw, as one line on stderr and an exit code. */
function report(thrown: unknown, err: (line: string) => void): number {
  const error = fromSqliteError(thrown) ?? thrown;
  if (error instanceof UsageError || (error as { code?: string }).code?.startsWith?.('ERR_PARSE_ARGS')) {
    err(`textdesk: ${(error as Error).message.split('\n')[0]} Run with --help to see the options.`);
    return EXIT.usage;
  }
  if (error instanceof AppError) {
    err(`textdesk: ${error.message}`);
    if (error.code === 'AUTH') return EXIT.auth;
    if (error.code === 'NETWORK' || error.code === 'RATE_LIMITED') return EXIT.network;
    if (error.code === 'VALIDATION' || error.code === 'NOT_FOUND') return EXIT.usage;
    return EXIT.failed;
  }
  err(`textdesk: unexpected error: ${(error as Error)?.message ?? String(error)}`);
  if (process.env.TEXTDESK_DEBUG) err(String((error as Error)?.stack));
  return EXIT.failed;
}

const isEntry = process.argv[1] && /electron[\\/]cli[\\/]main\.[cm]?[jt]s$/.test(process.argv[1]);
if (isEntry) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error) => {
      writeSync(2, `textdesk: unexpected error: ${(error as Error)?.message ?? String(error)}\n`);
      process.exit(EXIT.failed);
    },
  );
}
