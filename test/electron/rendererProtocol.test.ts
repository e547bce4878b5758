import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createRendererHandler } from '../../electron/main/rendererHandler';
import { scratchDir } from '../support/fixtures';

const scratch = scratchDir();
afterAll(() => scratch.cleanup());
const root = join(scratch.dir, 'renderer');
mkdirSync(join(root, 'assets'), { recursive: true });
writeFileSync(join(root, 'index.html'), '<!doctype html><title>Textdesk</title>');
writeFileSync(join(root, 'assets', 'index-abc.js'), 'console.log(1)');
writeFileSync(join(scratch.dir, 'secret.txt'), 'outside');

const handler = createRendererHandler(root, "default-src 'none'");
const get = (url: string) => handler(new Request(url));

describe('the renderer protocol', () => {
  it('serves the page with the CSP as a header', async () => {
    const response = await get('textdesk://app/index.html');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(response.headers.get('content-security-policy')).toBe("default-src 'none'");
  });

  it('serves the page for the bare origin', async () => {
    expect((await get('textdesk://app/')).status).toBe(200);
  });

  it('serves bundled scripts with a script type', async () => {
    const response = await get('textdesk://app/assets/index-abc.js');
    expect(response.headers.get('content-type')).toMatch(/^text\/javascript/);
    expect(await response.text()).toBe('console.log(1)');
  });

  it.each([
    'textdesk://app/../secret.txt',
    'textdesk://app/%2e%2e/secret.txt',
    'textdesk://app/assets/%2e%2e%2f%2e%2e%2fsecret.txt',
    'textdesk://app/%00index.html',
    'textdesk://app/%E0%A4%A',
    'textdesk://other/index.html',
    'textdesk://app/missing.js',
  ])('answers 404 for %s', async (url) => {
    const response = await get(url);
    expect(response.status).toBe(404);
    expect(await response.text()).not.toContain('outside');
  });
});
