#!/usr/bin/env node
// Thin launcher: the CLI is compiled to dist/ by `npm run build` (run by `npm ci` through `prepare`).
import('../dist/cli.js').catch((err) => {
  if (err && err.code === 'ERR_MODULE_NOT_FOUND' && String(err.message).includes('dist/cli.js')) {
    console.error('poly-bot is not built yet: run `npm run build` (or `npm ci`) in the repository root, then try again.');
    process.exit(1);
  }
  throw err;
});
