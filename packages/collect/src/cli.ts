/** poly-collect: the 24/7 order-book and spot-trade collector. */
import { addCommonOptions, newProgram, runMain, UsageError } from '@polymarket-arb/common';

await runMain('poly-collect', async () => {
  const program = addCommonOptions(newProgram('poly-collect', 'Record Polymarket order books and Binance spot trades into ClickHouse, 24/7.'), 'config/collect.toml')
    .option('--assets <list>', 'comma-separated assets to collect (BTC,ETH,SOL,XRP)');
  program.parse();
  throw new UsageError('E_NOT_BUILT', 'Collection is not built yet in this version.');
});
