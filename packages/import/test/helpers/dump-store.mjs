// Child process: print the imported rows of an embedded data directory as JSON (FINAL, without the
// columns that record when a row was written), plus raw row counts. One process per directory:
// chDB allows one data directory per process.
import { openStore } from '@polymarket-arb/common';

const store = await openStore({ dataDir: process.argv[2] });
const rows = (sql) => store.queryRows(sql);
const count = async (table) => Number((await rows(`SELECT count() AS n FROM ${table}`))[0].n);
const out = {
  raw: {
    trade_history: await count('trade_history'),
    price_history: await count('price_history'),
    market_windows: await count('market_windows'),
    import_checkpoints: await count('import_checkpoints'),
  },
  trade_history: await rows(
    'SELECT * EXCEPT (imported_at) FROM trade_history FINAL ORDER BY condition_id, timestamp, transaction_hash, token_id',
  ),
  price_history: await rows('SELECT * EXCEPT (imported_at) FROM price_history FINAL ORDER BY token_id, fidelity_minutes, timestamp'),
  market_windows: await rows('SELECT * EXCEPT (discovered_at, updated_at) FROM market_windows FINAL ORDER BY event_id'),
  checkpoints: await rows('SELECT kind, key, range_start, range_end, status FROM import_checkpoints FINAL ORDER BY kind, key, range_start'),
};
await store.close();
process.stdout.write(JSON.stringify(out));
