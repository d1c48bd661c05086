/**
 * Replay mode: serve a recorded capture instead of the live model. Two file formats:
 * - NDJSON, one frame per line: `{"received_at_ms": <ms>, "channel": "market"|"binance",
 *   "frame": "<exact raw frame text>"}` (the collector exports its raw frames in this format);
 * - a JSON array fixture such as ws_market_price_change_crossing_burst.json: each element is one
 *   market frame, sent as its compact JSON text (key order kept), paced by its `timestamp`.
 * Each connection gets its own playback from the start of the recording, beginning when it
 * subscribes (market) or connects (Binance), at the original pace, scaled (`speed` 10 = ten times
 * faster), or as fast as the socket takes it (`speed` "max").
 */
import { readFileSync } from 'node:fs';
import { type UsageError } from '@polymarket-arb/domain';
import { ReplayFileError } from './errors.js';
import { InvalidSpeedError } from '@polymarket-arb/common';

export type ReplayChannelName = 'market' | 'binance';

export interface ReplayFrame {
  /** When the frame was received (or stamped), ms; drives the pacing. */
  readonly atMs: number;
  readonly channel: ReplayChannelName;
  /** The exact text to send. */
  readonly text: string;
  /** What a market frame holds, for routing and stats (empty for Binance frames). */
  readonly facts: FrameFacts;
}

export interface FrameFacts {
  /** `event_type` of the frame's first event ("" when none; "PONG" etc. are not events). */
  readonly kind: string;
  /** Every token id the frame mentions. */
  readonly assets: readonly string[];
  /** The token of each `price_change` entry (current format) or legacy change. */
  readonly entryAssets: readonly string[];
  /** The token of each `book` event. */
  readonly bookAssets: readonly string[];
}

const NO_FACTS: FrameFacts = { kind: '', assets: [], entryAssets: [], bookAssets: [] };

/** A positive speed factor, or 'max'. */
export type ReplaySpeed = number | 'max';

export interface Recording {
  readonly file: string;
  readonly market: readonly ReplayFrame[];
  readonly binance: readonly ReplayFrame[];
  /** Token ids that appear in the market frames (to filter by subscription). */
  readonly marketAssets: ReadonlySet<string>;
}

function replayError(file: string, problem: string, hint: string): UsageError {
  return new ReplayFileError(`Cannot replay ${file}: ${problem}.`, { hint });
}

/** Read and check a replay file (NDJSON of raw frames, or a JSON array of frame objects). */
export function loadRecording(file: string): Recording {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw replayError(file, `it cannot be read (${(err as Error).message})`, 'Check the path given to --replay.');
  }
  const frames = text.trimStart().startsWith('[') ? fromJsonArray(file, text) : fromNdjson(file, text);
  if (frames.length === 0) throw replayError(file, 'it holds no frames', 'Give a non-empty NDJSON capture or JSON array fixture.');
  const market = frames.filter((f) => f.channel === 'market');
  const marketAssets = new Set<string>();
  for (const f of market) for (const id of f.facts.assets) marketAssets.add(id);
  return { file, market, binance: frames.filter((f) => f.channel === 'binance'), marketAssets };
}

function fromJsonArray(file: string, text: string): ReplayFrame[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    throw replayError(
      file,
      `it starts like a JSON array but is not valid JSON (${(err as Error).message})`,
      'Fix the file, or give an NDJSON capture instead.',
    );
  }
  if (!Array.isArray(parsed)) throw replayError(file, 'it is not a JSON array', 'Give a JSON array of frame objects.');
  const frames: ReplayFrame[] = [];
  let lastMs = 0;
  for (const [i, element] of parsed.entries()) {
    if (element === null || typeof element !== 'object')
      throw replayError(file, `element ${i} is not a frame object`, 'Each element must be one market-channel event or an array of them.');
    const first = Array.isArray(element) ? (element[0] as Record<string, unknown> | undefined) : (element as Record<string, unknown>);
    const ts = Number(first?.timestamp);
    if (Number.isFinite(ts) && ts > 0) lastMs = ts;
    const frameText = JSON.stringify(element);
    frames.push({ atMs: lastMs, channel: 'market', text: frameText, facts: factsOf(frameText) });
  }
  return frames;
}

function fromNdjson(file: string, text: string): ReplayFrame[] {
  const frames: ReplayFrame[] = [];
  const lines = text.split('\n');
  for (const [i, raw] of lines.entries()) {
    const line = raw.trim();
    if (line === '') continue;
    const where = `line ${i + 1}`;
    let o: Record<string, unknown>;
    try {
      o = JSON.parse(line) as Record<string, unknown>;
    } catch {
      throw replayError(
        file,
        `${where} is not JSON`,
        'Each line must be {"received_at_ms":<ms>,"channel":"market"|"binance","frame":"<raw frame>"}.',
      );
    }
    const atMs = o.received_at_ms;
    if (typeof atMs !== 'number' || !Number.isFinite(atMs))
      throw replayError(
        file,
        `${where} has no numeric received_at_ms`,
        'Give the receive time in unix milliseconds, e.g. "received_at_ms":1790658661234.',
      );
    if (o.channel !== 'market' && o.channel !== 'binance')
      throw replayError(file, `${where} has channel ${JSON.stringify(o.channel)}`, 'Use "market" or "binance".');
    if (typeof o.frame !== 'string')
      throw replayError(file, `${where} has no frame string`, 'Put the raw frame text, JSON-escaped, in "frame".');
    frames.push({ atMs, channel: o.channel, text: o.frame, facts: o.channel === 'market' ? factsOf(o.frame) : NO_FACTS });
  }
  return frames;
}

/** What a market frame holds: its event type and the tokens it mentions (nothing if not JSON). */
export function factsOf(text: string): FrameFacts {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return NO_FACTS;
  }
  const assets: string[] = [];
  const entryAssets: string[] = [];
  const bookAssets: string[] = [];
  let kind = '';
  for (const e of Array.isArray(parsed) ? parsed : [parsed]) {
    if (e === null || typeof e !== 'object') continue;
    const o = e as Record<string, unknown>;
    if (kind === '' && typeof o.event_type === 'string') kind = o.event_type;
    if (typeof o.asset_id === 'string') assets.push(o.asset_id);
    if (Array.isArray(o.assets_ids)) for (const id of o.assets_ids) if (typeof id === 'string') assets.push(id);
    if (o.event_type === 'book' && typeof o.asset_id === 'string') bookAssets.push(o.asset_id);
    const changes = Array.isArray(o.price_changes)
      ? o.price_changes
      : Array.isArray(o.changes)
        ? o.changes.map(() => ({ asset_id: o.asset_id }))
        : [];
    for (const c of changes as Record<string, unknown>[]) {
      if (typeof c?.asset_id !== 'string') continue;
      assets.push(c.asset_id);
      entryAssets.push(c.asset_id);
    }
  }
  return { kind, assets, entryAssets, bookAssets };
}

/** Parse `--speed`: a positive number or "max". */
export function parseSpeed(text: string): ReplaySpeed {
  if (text === 'max') return 'max';
  const value = Number(text);
  if (!Number.isFinite(value) || value <= 0)
    throw new InvalidSpeedError(`--speed ${JSON.stringify(text)} is not a positive number or "max".`, {
      hint: 'Use e.g. --speed 1 (original pace), --speed 10 (ten times faster) or --speed max.',
    });
  return value;
}

/** Stop sending while this many bytes are queued on a socket (speed "max"). */
const MAX_QUEUED_BYTES = 1 << 20;

export interface PlayerTarget {
  /** Send one frame; false when the connection is gone (playback stops). */
  send(frame: ReplayFrame): boolean;
  /** Bytes queued on the socket. */
  queued(): number;
}

/** One connection's playback of a list of frames. */
export class Player {
  private index = 0;
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;
  private readonly startedAt = Date.now();

  constructor(
    private readonly frames: readonly ReplayFrame[],
    private readonly speed: ReplaySpeed,
    private readonly target: PlayerTarget,
  ) {}

  start(): void {
    this.pump();
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
  }

  get done(): boolean {
    return this.index >= this.frames.length;
  }

  private dueAt(frame: ReplayFrame): number {
    if (this.speed === 'max') return 0;
    const first = this.frames[0]?.atMs ?? frame.atMs;
    return this.startedAt + (frame.atMs - first) / this.speed;
  }

  private pump(): void {
    while (!this.stopped && this.index < this.frames.length) {
      const frame = this.frames[this.index] as ReplayFrame;
      const wait = this.dueAt(frame) - Date.now();
      if (wait > 0) {
        this.timer = setTimeout(() => this.pump(), wait);
        return;
      }
      if (this.speed === 'max' && this.target.queued() > MAX_QUEUED_BYTES) {
        // Let the socket drain before sending more.
        this.timer = setTimeout(() => this.pump(), 1);
        return;
      }
      this.index++;
      if (!this.target.send(frame)) {
        this.stop();
        return;
      }
    }
  }
}
