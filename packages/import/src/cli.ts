/** poly-import: download the history Polymarket offers (prices, trades). */
import { addCommonOptions, newProgram, runMain, UsageError } from '@polymarket-arb/common';

await runMain('poly-import', async () => {
  const program = addCommonOptions(newProgram('poly-import', 'Import Polymarket price and trade history into ClickHouse.'));
  program.parse();
  throw new UsageError('E_NOT_BUILT', 'Importing is not built yet in this version.');
});
