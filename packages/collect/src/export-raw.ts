/**
 * `poly-collect export-raw`: the raw frames the collector stored, as the NDJSON that `poly-sim
 * --replay` serves (`{"received_at_ms", "channel", "frame"}` per line, in receive order), so a
 * recorded session can be replayed byte for byte to any client later. Streams: constant memory
 * however long the range. Written through a temporary file renamed over `out` at the end: an
 * existing file is replaced only by a complete export, and left untouched when the range is empty.
 */
import { once } from 'node:events';
import { OutputFile, type RecordingUse, type Store } from '@polymarket-arb/common';

export interface ExportRawOptions {
  store: Store;
  startMs: number;
  endMs: number;
  /** 'clob' | 'binance' | 'all' */
  source: string;
  /** The file (opened, and so checked, before the work), or its path. */
  out: OutputFile | string;
}

const CHANNEL: Record<string, string> = { clob: 'market', binance: 'binance' };

/** What export-raw needs of a store (for `openRecording`): the raw frames. */
export const EXPORT_RECORDING: RecordingUse = { action: 'export', tables: ['raw_frames'] };

/** Write the frames received in [startMs, endMs); returns how many (none: `out` is left as it was). */
export async function exportRawFrames(o: ExportRawOptions): Promise<number> {
  const sources = o.source === 'all' ? ['clob', 'binance'] : [o.source];
  const file = typeof o.out === 'string' ? OutputFile.open('out', o.out) : o.out;
  const out = file.createStream();
  let count = 0;
  try {
    const result = await o.store.client.query({
      query: `SELECT toUnixTimestamp64Milli(received_at) AS ms, source, frame FROM raw_frames
              WHERE received_at >= fromUnixTimestamp64Milli({start:Int64}) AND received_at < fromUnixTimestamp64Milli({end:Int64})
                AND source IN {sources:Array(String)}
              ORDER BY received_at, ingest_seq`,
      query_params: { start: o.startMs, end: o.endMs, sources },
      format: 'JSONCompactEachRow',
    });
    for await (const rows of result.stream()) {
      for (const row of rows) {
        const [ms, source, frame] = row.json<[string | number, string, string]>();
        const line = `${JSON.stringify({ received_at_ms: Number(ms), channel: CHANNEL[source] ?? source, frame })}\n`;
        if (!out.write(line)) await once(out, 'drain');
        count++;
      }
    }
    out.end();
    await once(out, 'close');
  } catch (err) {
    out.destroy();
    file.discard();
    throw err;
  }
  if (count === 0) file.discard();
  else file.commit();
  return count;
}
