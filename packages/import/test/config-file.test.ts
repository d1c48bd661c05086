import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadImportConfig } from '../src/config.js';

describe('config/import.toml', () => {
  it('is valid and states exactly the built-in defaults', () => {
    const file = fileURLToPath(new URL('../../../config/import.toml', import.meta.url));
    expect(loadImportConfig({ env: {}, file, fileRequired: true })).toEqual(loadImportConfig({ env: {} }));
  });
});
