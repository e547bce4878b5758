import { readFileSync } from 'node:fs';
import { AppError } from '../../../shared/errors';
import { providerInfo } from '../../../shared/providers';
import { EXIT, intFlag, UsageError, type CommandModule, type Context } from '../command';
import { formatParty, table } from '../format';
import { call, optionalNumberId, withService } from '../service';

export const contactsCommand: CommandModule = {
  help: `  contacts list [--search WORDS]          the address books: each number with the name that wins for it
  contacts import FILE [--format vcf|csv] import a vCard (3.0/4.0) or Google Contacts CSV file
  contacts set NUMBER "Name"              name a number here (wins over the providers', survives syncs);
                                          contacts set NUMBER "" removes the name set here`,
  commands: {
    contacts: {
      options: { format: { type: 'string' }, search: { type: 'string' }, number: { type: 'string' }, limit: { type: 'string' } },
      run: runContacts,
    },
  },
};

async function runContacts(ctx: Context): Promise<number> {
  const [action, ...rest] = ctx.positionals;
  if (action === 'list') return runContactsList(ctx);
  if (action === 'import') return runContactsImport(ctx, rest);
  if (action === 'set') return runContactsSet(ctx, rest);
  throw new UsageError('contacts needs list, import FILE or set NUMBER "Name".');
}

async function runContactsImport(ctx: Context, rest: string[]): Promise<number> {
  const file = rest[0];
  if (!file) throw new UsageError('contacts import needs a FILE.');
  const format = (ctx.flags.format as string | undefined) ?? (/\.csv$/i.test(file) ? 'csv' : 'vcf');
  if (format !== 'vcf' && format !== 'csv') throw new UsageError('--format must be vcf or csv.');
  let content: string;
  try {
    content = readFileSync(file, 'utf8');
  } catch (error) {
    throw new AppError('NOT_FOUND', `Cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}.`);
  }
  return withService(ctx, async (service) => {
    const numberId = await optionalNumberId(service, ctx);
    const report = await call(service, 'contacts:import', { format, content, numberId });
    if (ctx.json) ctx.out(JSON.stringify(report));
    else {
      ctx.out(`Imported ${report.imported} number(s) from ${report.cards} card(s)${report.skipped > 0 ? `; ${report.skipped} skipped` : ''}.`);
      for (const problem of report.problems) ctx.err(`  ${problem}`);
    }
    return EXIT.ok;
  });
}

async function runContactsSet(ctx: Context, rest: string[]): Promise<number> {
  const [number, name] = rest;
  if (!number || name === undefined || rest.length > 2) throw new UsageError('contacts set needs a NUMBER and a "Name" (quote a name with spaces).');
  return withService(ctx, async (service) => {
    const result = await call(service, 'contacts:set', { phone: number, name: name.trim() === '' ? null : name });
    if (ctx.json) ctx.out(JSON.stringify(result));
    else ctx.out(result.name ? `${formatParty(result.phone)} is now ${result.name}.` : `${formatParty(result.phone)} has no name.`);
    return EXIT.ok;
  });
}

async function runContactsList(ctx: Context): Promise<number> {
  const limit = intFlag(ctx, 'limit', 1000, 1, 1000);
  return withService(ctx, async (service) => {
    const query = typeof ctx.flags.search === 'string' ? ctx.flags.search : undefined;
    const contacts = [];
    for (let offset = 0; ; offset += limit) {
      const page = await call(service, 'contacts:list', { query, limit, offset });
      contacts.push(...page.contacts);
      if (contacts.length >= page.total || page.contacts.length === 0) break;
    }
    if (ctx.json) ctx.out(JSON.stringify(contacts, null, 2));
    else if (contacts.length === 0) ctx.out('No contacts yet. Import some with "contacts import FILE", or sync an account with an address book.');
    else {
      ctx.out(
        table([
          ['NAME', 'NUMBER', 'SOURCE', 'OPTED OUT'],
          ...contacts.map((c) => [
            c.name ?? '',
            formatParty(c.phone),
            c.source === 'local' ? 'local' : providerInfo[c.provider ?? 'inkbox'].name,
            c.optedOut ? 'yes' : '',
          ]),
        ]),
      );
    }
    return EXIT.ok;
  });
}
