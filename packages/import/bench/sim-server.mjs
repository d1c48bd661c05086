// The simulator's REST services (Gamma, CLOB, Data API) on 127.0.0.1, for the benchmark: run as a
// child process so its work does not share the importer's thread. Prints "PORT <n>" when ready.
//   node packages/import/bench/sim-server.mjs [seed=1] [nowMs]
import { startRestSimulator } from '@polymarket-arb/sim';

const seed = Number(process.argv[2] ?? 1);
const nowMs = Number(process.argv[3] ?? Date.UTC(2026, 10, 20));
const sim = await startRestSimulator({ seed, nowMs });
console.log(`PORT ${new URL(sim.base).port}`);
process.on('SIGTERM', () => void sim.close().then(() => process.exit(0)));
