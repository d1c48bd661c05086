/**
 * The markets phase: the 15-minute markets of the requested assets and range, one (asset, UTC day)
 * piece at a time. A piece resolved by an earlier run (`done` checkpoint) is read back from
 * `market_windows`; otherwise its slugs are looked up on Gamma, the markets written to
 * `market_windows`, and the piece checkpointed: `done` once every market in it is closed and any
 * window without a market ended over a day ago (such a market is not coming), `open` otherwise.
 */
import { parseWindowSlug, WINDOW_SECONDS, windowSlug, type CryptoAsset } from '@polymarket-arb/domain';
import { type Logger, type Store } from '@polymarket-arb/common';
import { checkpointId, loadCheckpoints, type CheckpointMap } from './checkpoints.js';
import type { Committer } from './committer.js';
import { marketsBySlug, type GammaContext, type MarketRef } from './gamma.js';
import { runPool } from './pool.js';
import { dayPieces, windowStartsIn } from './ranges.js';
import { objectRows } from './rows.js';
import type { PieceResult } from './jobs/context.js';
import type { ImportStats, ItemCounters } from './stats.js';

export interface MarketPhaseDeps {
  readonly store: Store;
  readonly committer: Committer;
  readonly gamma: GammaContext;
  readonly stats: ImportStats;
  readonly logger: Logger;
  readonly concurrency: number;
  /** Turns a piece's failure into a skipped item (or rethrows fatal errors). */
  readonly runItem: (counters: ItemCounters, label: string, work: () => Promise<PieceResult>) => Promise<void>;
}

interface Piece {
  readonly asset: CryptoAsset;
  readonly start: number;
  readonly end: number;
}

const MISSING_IS_FINAL_AFTER_SEC = 86_400;

/** Every market of `assets` whose window opens in [startSec, endSec), sorted by window then asset. */
export async function resolveMarkets(
  deps: MarketPhaseDeps,
  assets: readonly CryptoAsset[],
  startSec: number,
  endSec: number,
): Promise<MarketRef[]> {
  const checkpoints = await loadCheckpoints(deps.store, 'markets', startSec, endSec);
  const pieces: Piece[] = assets.flatMap((asset) => dayPieces(startSec, endSec).map((p) => ({ asset, ...p })));
  deps.stats.pieces.total += pieces.length;
  const markets: MarketRef[] = [];
  await runPool(pieces, deps.concurrency, deps.gamma.signal, (piece) =>
    deps.runItem(deps.stats.pieces, `markets ${piece.asset} ${isoDay(piece.start)}`, async () => {
      const { found, status } = await resolvePiece(deps, checkpoints, piece);
      markets.push(...found);
      return status;
    }),
  );
  return markets.sort((a, b) => a.windowStart - b.windowStart || a.asset.localeCompare(b.asset));
}

async function resolvePiece(
  deps: MarketPhaseDeps,
  checkpoints: CheckpointMap,
  piece: Piece,
): Promise<{ found: MarketRef[]; status: PieceResult }> {
  const checkpoint = checkpoints.get(checkpointId('markets', piece.asset, piece.start, piece.end));
  if (checkpoint?.status === 'done') {
    const stored = await storedMarkets(deps.store, piece);
    if (stored.length >= checkpoint.rows) {
      deps.stats.markets.fromStore += stored.length;
      count(deps.stats, stored);
      return { found: stored, status: 'stored' };
    }
    deps.logger.warn(
      { asset: piece.asset, day: isoDay(piece.start), stored: stored.length, expected: checkpoint.rows },
      'market_windows lacks markets an earlier run found; asking Gamma again',
    );
  }
  const slugs = windowStartsIn(piece.start, piece.end).map((s) => windowSlug(piece.asset, s));
  const result = await marketsBySlug(deps.gamma, slugs);
  count(deps.stats, result.markets);
  deps.stats.noteMissing(result.missing);
  deps.stats.problems.push(...result.problems);
  const nowSec = Math.floor(deps.gamma.nowMs / 1000);
  const missingFinal = result.missing.every(
    (slug) => (parseWindowSlug(slug)?.windowStart ?? nowSec) + WINDOW_SECONDS < nowSec - MISSING_IS_FINAL_AFTER_SEC,
  );
  const status: 'done' | 'open' = result.markets.every((m) => m.closed) && missingFinal && result.problems.length === 0 ? 'done' : 'open';
  const detail = `${result.markets.length} markets, ${result.missing.length} missing`;
  await deps.committer.add('market_windows', objectRows(result.rows), {
    kind: 'markets',
    key: piece.asset,
    rangeStart: piece.start,
    rangeEnd: piece.end,
    status,
    cursor: '',
    rows: result.markets.length,
    detail,
  });
  return { found: result.markets, status };
}

function count(stats: ImportStats, markets: readonly MarketRef[]): void {
  stats.markets.found += markets.length;
  for (const m of markets) {
    if (m.closed) stats.markets.closed++;
    else stats.markets.open++;
  }
}

interface StoredMarket {
  slug: string;
  asset: CryptoAsset;
  event_id: string;
  condition_id: string;
  yes_token_id: string;
  no_token_id: string;
  ws: number;
  we: number;
  closed: boolean | number;
}

async function storedMarkets(store: Store, piece: Piece): Promise<MarketRef[]> {
  const rows = await store.queryRows<StoredMarket>(
    `SELECT slug, asset, event_id, condition_id, yes_token_id, no_token_id, toUnixTimestamp(window_start) AS ws, toUnixTimestamp(window_end) AS we, closed
     FROM market_windows FINAL
     WHERE asset = {asset:String} AND window_start >= toDateTime64({from:Int64}, 0, 'UTC') AND window_start < toDateTime64({to:Int64}, 0, 'UTC')`,
    { asset: piece.asset, from: piece.start, to: piece.end },
  );
  return rows.map((r) => ({
    slug: r.slug,
    asset: r.asset,
    eventId: r.event_id,
    conditionId: r.condition_id,
    yesTokenId: r.yes_token_id,
    noTokenId: r.no_token_id,
    windowStart: Number(r.ws),
    windowEnd: Number(r.we),
    closed: r.closed === true || r.closed === 1,
  }));
}

function isoDay(sec: number): string {
  return new Date(sec * 1000).toISOString().slice(0, 10);
}
