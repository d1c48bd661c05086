/**
 * The `poly-sim` CLI as a user runs it: a real process from bin/poly-sim.js (built first), five
 * KEY=VALUE lines on stdout once listening, real services behind them, logs on stderr, exit 0 on
 * SIGTERM; bad flags exit 2 with one sentence; --help documents the flags and the fault SPEC.
 */
import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { TestClient } from './helpers/ws-client.js';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const bin = join(root, 'packages/sim/bin/poly-sim.js');
const KEYS = ['POLY_GAMMA_URL', 'POLY_CLOB_URL', 'POLY_CLOB_WS_URL', 'POLY_DATA_API_URL', 'BINANCE_WS_URL'];

beforeAll(() => {
  const build = spawnSync('npx', ['tsc', '-b', 'packages/sim'], { cwd: root, encoding: 'utf8' });
  expect(build.stdout + build.stderr).toBe('');
}, 120_000);

function run(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', timeout: 30_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('poly-sim CLI', () => {
  it('prints the five base URLs, serves them, and exits 0 on SIGTERM', async () => {
    const truth = join(mkdtempSync(join(tmpdir(), 'poly-sim-cli-')), 'truth.ndjson');
    const child = spawn(
      process.execPath,
      [
        bin,
        '--port',
        '0',
        '--seed',
        '3',
        '--assets',
        'BTC',
        '--rate',
        '100',
        '--arb-episodes',
        '1',
        '--arb-start',
        '0',
        '--arb-duration',
        '0.5',
        '--arb-interval',
        '1',
        '--truth',
        truth,
        '--start-time',
        '2026-11-26T12:05:00Z',
        '--log-format',
        'json',
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const stdout: string[] = [];
    const lines = createInterface({ input: child.stdout });
    lines.on('line', (l) => stdout.push(l));
    await new Promise<void>((resolve, reject) => {
      lines.on('line', () => stdout.length >= 5 && resolve());
      child.once('exit', (code) => reject(new Error(`poly-sim exited (${code}) before printing its URLs: ${stderr}`)));
    });
    expect(stdout.map((l) => l.split('=')[0])).toEqual(KEYS);
    const urls = Object.fromEntries(stdout.map((l) => l.split('=') as [string, string]));
    expect(urls.POLY_CLOB_URL).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/clob$/);
    expect(urls.POLY_CLOB_WS_URL).toMatch(/^ws:\/\/127\.0\.0\.1:\d+\/clob-ws$/);
    expect(urls.BINANCE_WS_URL).toMatch(/^ws:\/\/127\.0\.0\.1:\d+\/binance$/);
    expect((await fetch(`${urls.POLY_CLOB_URL}/ok`)).status).toBe(200);
    const gamma = (await (await fetch(`${urls.POLY_GAMMA_URL}/events?slug=btc-updown-15m-1795694400`)).json()) as {
      markets: { clobTokenIds: string }[];
    }[];
    const tokens = JSON.parse(gamma[0]?.markets[0]?.clobTokenIds ?? '[]') as string[];
    expect(tokens).toHaveLength(2);
    const ws = await TestClient.open(`${urls.POLY_CLOB_WS_URL}/ws/market`);
    ws.send({ assets_ids: tokens, type: 'market' });
    await ws.waitFrames(1);
    expect(JSON.parse(ws.frames[0] as string)).toHaveLength(2);
    ws.close();
    await new Promise<void>((resolve) => {
      const poll = setInterval(() => {
        if (readFileSync(truth, 'utf8').length > 0) {
          clearInterval(poll);
          resolve();
        }
      }, 50);
    });
    const episode = JSON.parse(readFileSync(truth, 'utf8').split('\n')[0] as string) as Record<string, unknown>;
    expect(episode).toMatchObject({ id: 1, asset: 'BTC', size: '100' });
    child.kill('SIGTERM');
    const [code] = (await once(child, 'exit')) as [number | null];
    expect(code).toBe(0);
    expect(stdout).toHaveLength(5);
    expect(stderr).toContain('poly-sim listening');
  });

  it('exits 2 with one sentence naming the bad flag', () => {
    const cases: [string[], RegExp][] = [
      [['--faults', 'stall@3'], /^poly-sim: Fault "stall@3" is missing its times\. Write it as stall@T:D/],
      [['--rate', 'fast'], /^poly-sim: --rate "fast" is not a number of at least 0\./],
      [['--assets', 'BTC,DOGE'], /^poly-sim: Unknown asset "DOGE"\./],
      [['--arb-margin', '1.5'], /^poly-sim: arbMargin \(--arb-margin\) "1\.5" is not valid\./],
      [['--start-time', 'yesterday'], /^poly-sim: --start-time "yesterday" is not a date\./],
      [['--replay', '/no/such/file'], /^poly-sim: Cannot replay \/no\/such\/file: it cannot be read/],
      [
        ['--truth', '/no/such/dir/truth.ndjson'],
        /^poly-sim: Cannot write the truth file \/no\/such\/dir\/truth\.ndjson .*Give --truth a path/,
      ],
    ];
    for (const [args, message] of cases) {
      const r = run(args);
      expect(r.status).toBe(2);
      expect(r.stderr).toMatch(message);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stdout).toBe('');
    }
  });

  it('explains a port already in use', async () => {
    const busy = createServer();
    busy.listen(0, '127.0.0.1');
    await once(busy, 'listening');
    const port = (busy.address() as AddressInfo).port;
    const child = spawn(process.execPath, [bin, '--port', String(port)], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const [code] = (await once(child, 'exit')) as [number | null];
    busy.close();
    expect(code).toBe(2);
    expect(stderr.trim()).toBe(`poly-sim: Port ${port} on 127.0.0.1 is already in use. Choose another --port, or 0 for a free one.`);
  });

  it('documents every flag and the fault SPEC in --help', () => {
    const r = run(['--help']);
    expect(r.status).toBe(0);
    for (const flag of [
      '--seed',
      '--assets',
      '--rate',
      '--arb-episodes',
      '--arb-margin',
      '--arb-duration',
      '--arb-size',
      '--arb-interval',
      '--arb-start',
      '--replay',
      '--speed',
      '--faults',
      '--port',
      '--truth',
      '--start-time',
      '--binance-ping',
      '--record-sent',
    ]) {
      expect(r.stdout).toContain(flag);
    }
    for (const item of [
      'drop[@T]',
      'drop-every=N',
      'stall@T:D',
      'malformed=R',
      'unknown-events=R',
      'legacy-price-change=R',
      'empty-numbers=R',
      'duplicates=R',
      'out-of-order=R',
      'http-429@T:D[:RA]',
      'slow@T:D:MS',
      'rest-drop@T',
      'binance-shutdown@T',
    ]) {
      expect(r.stdout).toContain(item);
    }
  });
});
