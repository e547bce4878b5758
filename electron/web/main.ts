import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { Logger } from '../core/hostInterfaces';
import { parseDecimal } from '../cli/args';
import { startWebHost } from './host';

/**
 * `npm run web`: builds the renderer, serves it with the contract on 127.0.0.1 and prints the
 * URL to open. With no account configured it runs the built-in demo server in live mode.
 */
const { values } = parseArgs({
  options: {
    'data-dir': { type: 'string' },
    port: { type: 'string' },
    'no-demo': { type: 'boolean', default: false },
    verbose: { type: 'boolean', default: false },
  },
});

const port = values.port === undefined ? 0 : parseDecimal(values.port.trim(), 0, 65_535);
if (port === null) {
  console.error(`textdesk web: --port must be a whole number from 0 to 65535, in decimal digits (got "${values.port}").`);
  process.exit(2);
}

const dataDir = resolve(values['data-dir'] ?? process.env.TEXTDESK_DATA_DIR ?? join(homedir(), '.textdesk-web'));
const verbose = values.verbose ?? false;
const logger: Logger = {
  info: (message, details) => verbose && console.log(message, details ?? ''),
  warn: (message, details) => console.warn(message, details ?? ''),
  error: (message, details) => console.error(message, details ?? ''),
};

console.log('Building the renderer…');
const host = await startWebHost({
  dataDir,
  port,
  demo: !values['no-demo'],
  logger,
  engine: 'worker',
});
console.log(`\nTextdesk is running. Open:\n\n  ${host.url}\n`);
console.log(`Data: ${dataDir}`);
console.log(`API keys added in the browser are kept in ${host.secretsDescription}.`);
console.log('Press Ctrl+C to stop.');

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (stopping) process.exit(1);
    stopping = true;
    void host.close().then(() => process.exit(0));
  });
}
