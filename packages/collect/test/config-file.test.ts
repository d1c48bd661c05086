import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadCollectConfig } from '../src/config.js';

describe('config/collect.toml', () => {
  it('is valid and states exactly the built-in defaults', () => {
    const file = fileURLToPath(new URL('../../../config/collect.toml', import.meta.url));
    expect(loadCollectConfig({ env: {}, file, fileRequired: true })).toEqual(loadCollectConfig({ env: {} }));
  });

  it('names every bad key and value at once', () => {
    expect(() =>
      loadCollectConfig({
        env: { POLY_COLLECT_HEALTH_PORT: 'eighty' },
        flags: { 'collector.assets': ['BTC', 'DOGE'], 'collector.snapshot_interval_ms': 5 },
      }),
    ).toThrow(
      /collector\.assets\.1: .*\(from flag collector\.assets\)[\s\S]*collector\.snapshot_interval_ms: must be at least 10[\s\S]*collector\.health_port: .*\(from env POLY_COLLECT_HEALTH_PORT\)/,
    );
  });
});
