import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoServer, type DemoServer, type DemoText } from '../../electron/demo/inkbox';
import { expectExit, runCli, syncWithCli } from '../support/cli';
import { TEST_DEMO_ANCHOR, scratchDir } from '../support/fixtures';

let server: DemoServer;
const scratch = scratchDir('textdesk-cli-export-');
const db = join(scratch.dir, 'cache.db');
const awkward = 'Total: $1,200, "net 30"\nsecond line, with a comma\r\nand a "quote" at the end"';
let deleted: DemoText;
let awkwardText: DemoText;
let liveTexts: DemoText[];

interface ExportedText {
  id: string;
  number_id: string;
  local_phone_number: string;
  remote_phone_number: string;
  direction: string;
  text: string | null;
  type: string;
  media: { content_type: string; size: number; path: string | null }[];
  is_read: boolean;
  created_at: string;
  updated_at: string;
  remote_name: string | null;
}

/** The demo server's address book (its Inkbox Contacts API), phone -> name. */
async function demoContactNames(demo: DemoServer): Promise<Map<string, string>> {
  const names = new Map<string, string>();
  for (let offset = 0; ; offset += 200) {
    const response = await fetch(`${demo.baseUrl.replace(/\/phone$/, '/contacts')}?limit=200&offset=${offset}`, { headers: { 'x-api-key': demo.apiKey } });
    const page = (await response.json()) as { preferred_name: string | null; given_name: string | null; family_name: string | null; phones: string[] }[];
    for (const contact of page) {
      const name = contact.preferred_name ?? [contact.given_name, contact.family_name].filter(Boolean).join(' ');
      for (const phone of contact.phones) names.set(phone, name);
    }
    if (page.length < 200) return names;
  }
}

beforeAll(async () => {
  server = await startDemoServer({ anchor: TEST_DEMO_ANCHOR, size: 'tiny' });
  const [first] = server.numbers();
  awkwardText = server.insertInbound(first!.id, '+13125550147', awkward);
  deleted = server.texts(first!.id)[4]!;
  server.deleteText(first!.id, deleted.id);
  await syncWithCli(db, server);
  liveTexts = server.numbers().flatMap((n) => server.texts(n.id));
}, 30_000);
afterAll(async () => {
  await server.close();
  scratch.cleanup();
});

/** A minimal RFC 4180 reader: quoted cells may hold commas, quotes ("") and line breaks. */
function parseCsv(input: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < input.length; i++) {
    const c = input[i]!;
    if (quoted) {
      if (c === '"' && input[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(cell);
      cell = '';
    } else if (c === '\r' && input[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i++;
    } else cell += c;
  }
  if (cell !== '' || row.length > 0) {
    row.push(cell);
    rows.push(row);
  }
  return rows;
}

describe.concurrent('textdesk export', () => {
  it("writes every live text as JSON with the server's values, and no deleted one", async () => {
    const result = await runCli(['export', '--format', 'json', '--db', db], { server });
    expectExit(result, 0);
    const exported = JSON.parse(result.stdout) as ExportedText[];
    expect(exported.map((t) => t.id).sort()).toEqual(liveTexts.map((t) => t.id).sort());
    expect(exported.some((t) => t.id === deleted.id)).toBe(false);
    const byId = new Map(exported.map((t) => [t.id, t]));
    const names = await demoContactNames(server);
    for (const number of server.numbers()) {
      for (const text of server.texts(number.id)) {
        const mine = byId.get(text.id)!;
        expect({ ...mine, media: mine.media.map(({ content_type, size }) => ({ content_type, size })) }).toEqual({
          id: text.id,
          number_id: number.id,
          local_phone_number: text.local_phone_number,
          remote_phone_number: text.remote_phone_number,
          direction: text.direction,
          text: text.text,
          type: text.type,
          media: (text.media ?? []).map((m) => ({ content_type: m.content_type, size: m.size })),
          is_read: text.is_read,
          created_at: text.created_at,
          updated_at: text.updated_at,
          send_state: null,
          delivery_status: text.delivery_status ?? null,
          remote_name: names.get(text.remote_phone_number ?? '') ?? null,
        });
      }
    }
  });

  it("names each attachment's cached file, which holds its bytes, or null", async () => {
    const result = await runCli(['export', '--db', db], { server });
    const media = (JSON.parse(result.stdout) as ExportedText[]).flatMap((t) => t.media);
    expect(media.length).toBeGreaterThan(0);
    for (const item of media) {
      if (item.path === null) continue;
      expect(existsSync(item.path)).toBe(true);
      expect(readFileSync(item.path).byteLength).toBe(item.size);
    }
    // sync waits for the downloads it started, so they are all there.
    expect(media.every((m) => m.path !== null)).toBe(true);
  });

  it('writes CSV a spreadsheet reads back: a header, then one row per text, awkward text intact', async () => {
    const result = await runCli(['export', '--format', 'csv', '--db', db], { server });
    expectExit(result, 0);
    const [header, ...rows] = parseCsv(result.stdout);
    expect(header).toEqual([
      'id',
      'number_id',
      'local_phone_number',
      'remote_phone_number',
      'direction',
      'text',
      'type',
      'media',
      'is_read',
      'created_at',
      'updated_at',
      'send_state',
      'delivery_status',
      'remote_name',
    ]);
    expect(rows).toHaveLength(liveTexts.length);
    expect(rows.every((row) => row.length === header!.length)).toBe(true);
    const row = rows.find((r) => r[0] === awkwardText.id)!;
    expect(row[5]).toBe(awkward);
    expect(row[3]).toBe('+13125550147');
    expect(row[8]).toBe('false');
    const withMedia = rows.find((r) => r[7] !== '[]')!;
    expect(JSON.parse(withMedia[7]!)[0]).toMatchObject({ content_type: expect.any(String), size: expect.any(Number) });
  });

  it('exports one number with --number, to a file with --out', async () => {
    const number = server.numbers()[2]!;
    const out = join(scratch.dir, 'one-number.json');
    const result = await runCli(['export', '--number', number.number, '--out', out, '--db', db], { server });
    expectExit(result, 0);
    const exported = JSON.parse(readFileSync(out, 'utf8')) as ExportedText[];
    expect(exported.map((t) => t.id).sort()).toEqual(server.texts(number.id).map((t) => t.id).sort());
    expect(result.stderr.trim()).toBe(`Exported ${exported.length} texts to ${out}.`);
  });
});
