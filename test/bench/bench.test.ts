import { existsSync, readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { runBenchmark } from '../../bench/run';
import { scratchDir } from '../support/fixtures';

const scratch = scratchDir('textdesk-bench-test-');
afterAll(() => scratch.cleanup());

describe('the benchmark', () => {
  it('runs end to end on a small data set, printing the table and writing the JSON', async () => {
    const lines: string[] = [];
    const result = await runBenchmark({ messages: 2000, iterations: 2, outDir: scratch.dir, keep: false, log: (line) => lines.push(line) });
    const names = result.figures.map((figure) => figure.name);
    for (const expected of ['bulk import', 'incremental upsert', 'database bytes per text', 'conversation list', 'thread page', 'jump to context', 'mark a conversation read', 'peak RSS']) {
      expect(names.some((name) => name.startsWith(expected))).toBe(true);
    }
    for (const write of ['bulk import', 'incremental upsert']) {
      const figure = result.figures.find((f) => f.name.startsWith(write))!;
      expect(figure.value).toBeGreaterThan(0);
      expect(figure.name).toMatch(/floor [\d,]+\/s/);
      expect(figure.ratioP95).toBeGreaterThan(0);
    }
    expect(lines.join('\n')).toMatch(/load average/);
    const searches = result.figures.filter((figure) => figure.name.startsWith('search '));
    expect(searches).toHaveLength(28);
    for (const figure of searches) expect(figure.floorPlan).toBeTruthy();
    for (const figure of searches) expect(figure.floorP95).toBeGreaterThan(0);
    expect(result.figures.find((f) => f.name === 'search newest: common word')!.hits).toBeGreaterThan(0);
    expect(existsSync(result.file)).toBe(true);
    expect(JSON.parse(readFileSync(result.file, 'utf8')).figures).toHaveLength(result.figures.length);
    expect(lines.join('\n')).toMatch(/× floor/);
  });
});
