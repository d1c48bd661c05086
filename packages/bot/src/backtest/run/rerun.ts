/**
 * A rerun replaces its own rows. The default run id names the range and the settings
 * (`backtest-<start>-<end>-<settings hash>`) and the same data and config give bit-identical rows,
 * so a rerun is the same experiment: appending would count every decision once per run. Before a
 * single run writes anything, the rows an earlier run with the same id left in the tables it writes
 * are deleted, and the log says how many. Only backtest rows are touched (`mode = 'backtest'`): a
 * shadow or paper run given the same --run-id keeps its rows. Sweeps write no rows, so have none to
 * replace. To keep an earlier run's rows, give the new one its own --run-id.
 *
 * The delete is a lightweight DELETE waited for on every replica (`lightweight_deletes_sync = 2`)
 * and then checked, so the old rows are gone before the first new row is inserted and a run that
 * stops half-way leaves only its own partial rows.
 */
import { type Logger, type Store } from '@polymarket-arb/common';
import { RerunReplaceError } from '../../errors.js';

/** The tables a backtest writes rows with its run id into. */
export const RUN_TABLES = ['decisions', 'counterfactuals', 'anomalies'] as const;
type RunTable = (typeof RUN_TABLES)[number];

const OF_RUN = `mode = 'backtest' AND run_id = {runId:String}`;

async function rowsOfRun(store: Store, table: RunTable, runId: string): Promise<number> {
  const rows = await store.queryRows<{ n: string }>(`SELECT count() AS n FROM ${table} WHERE ${OF_RUN}`, { runId });
  return Number(rows[0]?.n ?? 0);
}

/** Delete the rows an earlier backtest with `runId` left; returns how many were deleted per table. */
export async function replaceEarlierRun(store: Store, runId: string, logger: Logger): Promise<Record<RunTable, number>> {
  const earlier = {} as Record<RunTable, number>;
  for (const table of RUN_TABLES) earlier[table] = await rowsOfRun(store, table, runId);
  const tables = RUN_TABLES.filter((t) => earlier[t] > 0);
  if (tables.length === 0) return earlier;
  logger.info(
    { runId, replaced: earlier },
    `backtest: rerun of ${runId}; replacing the earlier run's ${RUN_TABLES.map((t) => `${earlier[t]} ${t}`).join(', ')} rows (give --run-id to keep them)`,
  );
  for (const table of tables) {
    await store.client.command({
      query: `DELETE FROM ${table} WHERE ${OF_RUN}`,
      query_params: { runId },
      clickhouse_settings: { lightweight_deletes_sync: '2' },
    });
    const left = await rowsOfRun(store, table, runId);
    if (left > 0) {
      throw new RerunReplaceError(
        `Could not remove the earlier rows of backtest run ${runId} from ${table} in ${store.description} (${left} of ${earlier[table]} left); nothing was replayed, so no row is duplicated.`,
        {
          hint: 'Check that the store accepts DELETE (lightweight deletes, MergeTree tables), or give this run its own --run-id.',
        },
      );
    }
  }
  return earlier;
}
