/** poly-bot: the arbitrage bot (shadow, paper, backtest, live). */
import { addCommonOptions, newProgram, runMain, UsageError } from '@polymarket-arb/common';

await runMain('poly-bot', async () => {
  const program = addCommonOptions(newProgram('poly-bot', 'Trade the Up+Down arbitrage of Polymarket 15-minute crypto markets.'), 'config/bot.toml')
    .option('--mode <mode>', 'shadow | paper | backtest | live');
  program.parse();
  throw new UsageError('E_NOT_BUILT', 'The bot is not built yet in this version.');
});
