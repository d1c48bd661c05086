/** poly-sim: local Polymarket + Binance exchange simulator. */
import { newProgram, runMain, UsageError } from '@polymarket-arb/common';

await runMain('poly-sim', async () => {
  const program = newProgram('poly-sim', 'Serve Polymarket (Gamma, CLOB REST + WebSocket, Data API) and Binance spot streams locally.');
  program.parse();
  throw new UsageError('E_NOT_BUILT', 'The simulator is not built yet in this version.');
});
