import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../support/cli';

const check = join(repoRoot, 'scripts/check-node.mjs');

/** Runs the check as if Node reported `version`. */
function checkAs(version: string) {
  const pretend = `Object.defineProperty(process, 'version', { value: 'v${version}' });
Object.defineProperty(process, 'versions', { value: { ...process.versions, node: '${version}' } });
await import(${JSON.stringify(check)});
process.stdout.write('went on');`;
  return spawnSync(process.execPath, ['--input-type=module', '-e', pretend], { encoding: 'utf8' });
}

describe('the Node version check', () => {
  it('stops an older Node with one line naming the version needed and how to get it', () => {
    const result = checkAs('20.20.2');
    expect(result.status).toBe(1);
    expect(result.stdout).toBe('');
    const lines = result.stderr.trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^Textdesk needs Node\.js 22 or newer; this is v20\.20\.2\. /);
    expect(lines[0]).toContain('npx -p node@22 -- npm run demo');
  });

  it('lets Node 22 and newer through', () => {
    for (const version of ['22.12.0', '24.1.0']) {
      const result = checkAs(version);
      expect(result.status).toBe(0);
      expect(result.stdout).toBe('went on');
    }
  });

  it('runs first in every npm entry point, and npm itself refuses to install on an older Node', () => {
    const scripts = (JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;
    for (const name of ['demo', 'cli', 'web', 'bench', 'bench:ui', 'dev', 'build', 'start', 'test', 'test:unit', 'test:e2e']) {
      expect(scripts[name], name).toMatch(/^node scripts\/check-node\.mjs && /);
    }
    expect(readFileSync(join(repoRoot, '.npmrc'), 'utf8')).toMatch(/^engine-strict=true$/m);
  });
});
