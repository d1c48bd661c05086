/**
 * The health endpoint of the built CLI (real processes against poly-sim): a port in use or an
 * address this machine lacks stops poly-collect before it opens the store, with one sentence naming
 * the setting; by default it listens on loopback only, elsewhere only when told; /metrics rates are
 * meaningful from the first scrape.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '@polymarket-arb/sim';
import { freePort, listening, outsideAddress, startCli } from './cli-harness.js';

async function answers(host: string, port: number): Promise<boolean> {
  try {
    await fetch(`http://${host}:${port}/healthz`, { signal: AbortSignal.timeout(3000) });
    return true;
  } catch {
    return false;
  }
}

/** The first scrape that counts any frame (seconds after start) shows a frame rate and a row rate. */
async function expectRatesFromTheFirstScrape(port: number): Promise<void> {
  const sample = (text: string, name: string) =>
    Number(new RegExp(`^${name.replace(/[{}]/g, '\\$&')} (\\S+)$`, 'm').exec(text)?.[1] ?? Number.NaN);
  for (let attempt = 0; attempt < 100; attempt++) {
    const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
    if (
      sample(text, 'poly_collect_frames_total{source="clob"}') > 0 &&
      sample(text, 'poly_collect_rows_written_total{table="raw_frames"}') > 0
    ) {
      expect(sample(text, 'poly_collect_messages_per_second{source="clob"}')).toBeGreaterThan(0);
      expect(sample(text, 'poly_collect_rows_per_second{table="raw_frames"}')).toBeGreaterThan(0);
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('no frame counted in /metrics after 10 s');
}

describe('poly-collect health endpoint settings', () => {
  const dir = mkdtempSync(join(tmpdir(), 'poly-health-cli-'));
  let sim: Simulator;
  beforeAll(async () => {
    sim = await startSimulator({ seed: 5, assets: 'BTC', rate: 50, binanceRate: 5 });
  });
  afterAll(async () => {
    await sim?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('a health port in use: one sentence naming the port and the settings, before the store is opened', async () => {
    const taken = await listening(0, '127.0.0.1');
    const port = (taken.address() as { port: number }).port;
    try {
      const data = join(dir, 'in-use');
      const run = startCli(['--assets', 'BTC', '--data-dir', data, '--health-port', String(port)], { ...sim.urls });
      expect(await run.code).toBe(2);
      expect(run.stderr()).toContain(
        `poly-collect: Health port ${port} on 127.0.0.1 is already in use (another poly-collect, or another program). Stop that program, or choose another port with --health-port N, POLY_COLLECT_HEALTH_PORT or collector.health_port`,
      );
      expect(run.stderr()).not.toMatch(/unexpected error|\n\s+at /);
      expect(existsSync(data), 'the data directory was created: the store was opened first').toBe(false);
    } finally {
      taken.close();
    }
  }, 30_000);

  it('a bind address this machine does not have, or one that is no address: named, with the fix', async () => {
    const data = join(dir, 'bad-bind');
    const absent = startCli(
      ['--assets', 'BTC', '--data-dir', data, '--health-port', String(await freePort()), '--health-bind', '198.51.100.7'],
      { ...sim.urls },
    );
    expect(await absent.code).toBe(2);
    expect(absent.stderr()).toContain(
      'Health bind address 198.51.100.7 is not an address of this machine. Use 127.0.0.1 (this machine only) or 0.0.0.0 (every interface) with --health-bind, POLY_COLLECT_HEALTH_BIND or collector.health_bind.',
    );
    expect(existsSync(data)).toBe(false);
    const garbage = startCli(['--assets', 'BTC', '--data-dir', data, '--health-port', '9464'], {
      ...sim.urls,
      POLY_COLLECT_HEALTH_BIND: 'everywhere',
    });
    expect(await garbage.code).toBe(2);
    expect(garbage.stderr()).toMatch(
      /collector\.health_bind: expected an IP address such as 127\.0\.0\.1 .*\(from env POLY_COLLECT_HEALTH_BIND\)/,
    );
  }, 30_000);

  it('listens on loopback only by default (rates in /metrics from the first scrape); on every interface with --health-bind 0.0.0.0', async () => {
    const outside = outsideAddress();
    for (const bind of [undefined, '0.0.0.0']) {
      const port = await freePort();
      const run = startCli(
        [
          '--assets',
          'BTC',
          '--data-dir',
          join(dir, `bind-${bind}`),
          '--health-port',
          String(port),
          ...(bind ? ['--health-bind', bind] : []),
        ],
        { ...sim.urls },
      );
      try {
        expect(await run.logLine('health endpoint listening (/healthz, /metrics)')).toMatchObject({ host: bind ?? '127.0.0.1', port });
        expect(await answers('127.0.0.1', port)).toBe(true);
        if (outside !== undefined)
          expect(await answers(outside, port), `reachable on ${outside} with bind ${bind}`).toBe(bind !== undefined);
        if (bind === undefined) await expectRatesFromTheFirstScrape(port);
      } finally {
        run.stop();
        expect(await run.code, run.stderr().slice(-2000)).toBe(0);
      }
    }
  }, 60_000);
});
