import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

// These run child processes against the built package (npm test builds first).
const helper = (name: string) => fileURLToPath(new URL(`./helpers/${name}`, import.meta.url));

describe('embedded store errors in plain words', () => {
  const dir = mkdtempSync(join(tmpdir(), 'poly-lock-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('a second process on a data directory in use is told which directory and the two ways out', async () => {
    const dataDir = join(dir, 'data');
    const holder = spawn(process.execPath, [helper('hold-store.mjs'), dataDir], { stdio: ['ignore', 'pipe', 'inherit'] });
    try {
      await new Promise<void>((resolve, reject) => {
        holder.stdout.on('data', (d: Buffer) => d.toString().includes('ready') && resolve());
        holder.on('exit', (code) => reject(new Error(`holder exited early with ${code}`)));
      });
      const second = spawnSync(process.execPath, [helper('open-store.mjs'), dataDir], { encoding: 'utf8' });
      const result = JSON.parse(second.stdout) as { ok: boolean; code: string; message: string };
      expect(result.ok).toBe(false);
      expect(result.code).toBe('E_STORE_LOCKED');
      expect(result.message).toContain(dataDir);
      expect(result.message).toMatch(/in use by another process/);
      expect(result.message).toMatch(/Stop the other process/);
      expect(result.message).toMatch(/--clickhouse-url/);
    } finally {
      holder.kill('SIGTERM');
      await new Promise((resolve) => holder.on('exit', resolve));
    }
    // Once the first process is gone the directory opens again.
    const third = spawnSync(process.execPath, [helper('open-store.mjs'), dataDir], { encoding: 'utf8' });
    expect(JSON.parse(third.stdout)).toEqual({ ok: true });
  });

  it('without chdb installed and no URL, one sentence says how to fix it', () => {
    const run = spawnSync(process.execPath, ['--import', helper('hide-chdb.mjs'), helper('open-store.mjs'), join(dir, 'nochdb')], {
      encoding: 'utf8',
    });
    const result = JSON.parse(run.stdout) as { ok: boolean; code: string; message: string };
    expect(result).toMatchObject({ ok: false, code: 'E_STORE_NO_CHDB' });
    expect(result.message).toMatch(/npm install chdb/);
    expect(result.message).toMatch(/--clickhouse-url/);
  });
});
