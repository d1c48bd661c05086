// The simulator's REST services (Gamma, CLOB, Data API) on 127.0.0.1, for the benchmark: run as a
// child process so its work does not share the importer's thread. Prints "PORT <n>" when ready.
//   node packages/import/bench/sim-server.mjs [seed=1] [nowMs]
import { createServer } from 'node:http';
import { ManualClock } from '@polymarket-arb/domain';
import { Catalog } from '../../sim/dist/catalog.js';
import { createRestHandler, RestFaults } from '../../sim/dist/rest/index.js';

const seed = Number(process.argv[2] ?? 1);
const nowMs = Number(process.argv[3] ?? Date.UTC(2026, 10, 20));
const clock = new ManualClock(nowMs);
const handle = createRestHandler({ catalog: new Catalog({ seed }), books: { bookSummary: () => undefined }, clock, faults: new RestFaults(clock) });
const server = createServer((req, res) => {
  if (!handle(req, res, new URL(req.url ?? '/', 'http://x'))) res.writeHead(404).end();
});
server.listen(0, '127.0.0.1', () => console.log(`PORT ${server.address().port}`));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
