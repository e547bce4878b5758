import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoServer, type DemoServer } from '../../electron/demo/inkbox';
import type { Contact } from '../../shared/contacts';
import type { Conversation } from '../../shared/model';
import { expectExit, runCli } from '../support/cli';
import { scratchDir } from '../support/fixtures';

let server: DemoServer;
const scratch = scratchDir('textdesk-cli-contacts-');
const db = join(scratch.dir, 'cache.db');
const cli = (...args: string[]) => runCli([...args, '--db', db], { server });
let conversations: Conversation[];

beforeAll(async () => {
  server = await startDemoServer({ size: 'tiny' });
  const synced = await cli('sync');
  if (synced.code !== 0) throw new Error(`sync failed: ${synced.stderr}`);
  const listed = await cli('conversations', '--number', '1', '--json', '--limit', '500');
  conversations = JSON.parse(listed.stdout) as Conversation[];
}, 60_000);
afterAll(async () => {
  await server.close();
  scratch.cleanup();
});

describe('textdesk contacts', () => {
  it('lists the Inkbox address book the sync brought, as JSON', async () => {
    const result = await cli('contacts', 'list', '--json');
    expectExit(result, 0);
    const contacts = JSON.parse(result.stdout) as Contact[];
    expect(contacts.length).toBeGreaterThan(0);
    expect(contacts.every((c) => c.source === 'provider' && c.provider === 'inkbox' && /^\+\d+$/.test(c.phone) && c.name)).toBe(true);
    const named = conversations.filter((c) => c.remoteName);
    expect(named.length).toBeGreaterThan(0);
    for (const conversation of named) expect(contacts.find((c) => c.phone === conversation.remote)?.name).toBe(conversation.remoteName);
  });

  it('imports a vCard and a Google CSV file, and the names show in conversations, thread, search and export', async () => {
    // Two parties without a provider name, written as people write numbers.
    const [first, second] = conversations.filter((c) => !c.remoteName && /^\+1\d{10}$/.test(c.remote));
    expect(first && second).toBeTruthy();
    const national = (e164: string) => e164.replace(/^\+1(\d{3})(\d{3})(\d{4})$/, '($1) $2-$3');
    const vcf = join(scratch.dir, 'book.vcf');
    writeFileSync(vcf, `BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Zelda Quarry\r\nTEL;TYPE=CELL:${national(first!.remote)}\r\nEND:VCARD\r\nBEGIN:VCARD\r\nVERSION:3.0\r\nFN:No Phone\r\nEND:VCARD\r\n`);
    const csv = join(scratch.dir, 'google.csv');
    writeFileSync(csv, `First Name,Last Name,Phone 1 - Label,Phone 1 - Value\r\nYusuf,Xander,Mobile,1-${second!.remote.slice(2, 5)}-${second!.remote.slice(5, 8)}-${second!.remote.slice(8)}\r\n`);

    const fromVcf = await cli('contacts', 'import', vcf);
    expectExit(fromVcf, 0);
    expect(fromVcf.stdout).toContain('Imported 1 number(s) from 2 card(s); 1 skipped.');
    expect(fromVcf.stderr).toContain('No Phone has no phone number');
    const fromCsv = await cli('contacts', 'import', csv, '--format', 'csv', '--json');
    expectExit(fromCsv, 0);
    expect(JSON.parse(fromCsv.stdout)).toMatchObject({ cards: 1, imported: 1, skipped: 0 });

    const table = await cli('conversations', '--number', '1', '--limit', '500');
    expect(table.stdout).toMatch(/Zelda Quarry \(\d{3}\) \d{3}-\d{4}/);
    expect(table.stdout).toContain('Yusuf Xander');

    const thread = await cli('thread', '--number', '1', '--remote', 'Zelda Quarry', '--limit', '3');
    expectExit(thread, 0);
    expect(thread.stdout.split('\n')[0]).toMatch(/^Zelda Quarry /);

    const search = await cli('search', 'from:"zelda quarry"', '--json', '--limit', '500');
    expectExit(search, 0);
    const hits = (JSON.parse(search.stdout) as { hits: { message: { remote: string; remoteName: string } }[] }).hits;
    expect(hits.length).toBeGreaterThan(0);
    expect(hits.every((h) => h.message.remote === first!.remote && h.message.remoteName === 'Zelda Quarry')).toBe(true);

    const exported = JSON.parse((await cli('export')).stdout) as { remote_phone_number: string; remote_name: string | null }[];
    expect(exported.filter((r) => r.remote_phone_number === first!.remote).every((r) => r.remote_name === 'Zelda Quarry')).toBe(true);
    expect(exported.some((r) => r.remote_name === null)).toBe(true);
  });

  it('sets and removes a name with contacts set, which a later sync keeps', async () => {
    const target = conversations.find((c) => c.remoteName)!;
    const set = await cli('contacts', 'set', target.remote.slice(2), 'Aunt May');
    expectExit(set, 0);
    expect(set.stdout).toContain('is now Aunt May.');
    expectExit(await cli('sync'), 0);
    const listed = JSON.parse((await cli('conversations', '--number', String(target.numberId), '--json', '--limit', '500')).stdout) as Conversation[];
    expect(listed.find((c) => c.id === target.id)!.remoteName).toBe('Aunt May');
    const removed = await cli('contacts', 'set', target.remote, '', '--json');
    expectExit(removed, 0);
    expect(JSON.parse(removed.stdout)).toEqual({ phone: target.remote, name: target.remoteName });
  });

  it('answers bad usage with exit 2 and a reason', async () => {
    const missing = await cli('contacts', 'import', join(scratch.dir, 'nope.vcf'));
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('Cannot read');
    const notVcf = join(scratch.dir, 'notes.vcf');
    writeFileSync(notVcf, 'just some notes');
    const bad = await cli('contacts', 'import', notVcf);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('no vCard');
    expect((await cli('contacts', 'set', 'banana', 'X')).code).toBe(2);
    expect((await cli('contacts', 'frobnicate')).code).toBe(2);
  });
});
