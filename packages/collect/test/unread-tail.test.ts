/**
 * What shutdown records: a socket cut at the cap while frames still arrived (see the venue's
 * reconnecting-socket test for the cut itself) becomes a gap from the last frame read.
 */
import { describe, expect, it } from 'vitest';
import { BinanceCapture } from '../src/capture/binance-capture.js';
import { ClobCapture } from '../src/capture/clob-capture.js';
import { arraySink, UNREAD_AT_SHUTDOWN } from '../src/capture/sink.js';
import { clock, quiet, windowFor } from './helpers.js';

describe('a socket cut at shutdown records a gap from the last frame read', () => {
  it('per followed book, and per Binance symbol', () => {
    const sink = arraySink();
    const capture = new ClobCapture({ sink, clock: clock(), logger: quiet, requestResync: () => undefined });
    capture.track(windowFor('111', '222'));
    capture.recordUnreadTail(1_000_000, 3_500_000);
    expect(sink.rows.gaps).toEqual(
      ['111', '222'].map((token_id) =>
        expect.objectContaining({
          source: 'clob',
          token_id,
          reason: UNREAD_AT_SHUTDOWN,
          started_at: '1970-01-01 00:00:01.000000',
          ended_at: '1970-01-01 00:00:03.500000',
        }),
      ),
    );
    const spot = arraySink();
    const binance = new BinanceCapture({ baseUrl: 'ws://127.0.0.1:9', assets: ['BTC', 'ETH'], sink: spot, clock: clock(), logger: quiet });
    binance.recordUnreadTail(1_000_000, 3_500_000);
    expect(spot.rows.gaps.map((g) => (g as { token_id: string }).token_id)).toEqual(['BTCUSDT', 'ETHUSDT']);
    expect(spot.rows.gaps[0]).toMatchObject({ source: 'binance', reason: UNREAD_AT_SHUTDOWN });
  });
});
