/**
 * A small WebSocket test client: opens a real socket, records every text frame in order, and
 * waits for conditions on what arrived (never on elapsed time, beyond a generous deadline that
 * only turns a hang into a readable failure).
 */
import WebSocket from 'ws';

export interface Closed {
  code: number;
  reason: string;
}

export class TestClient {
  readonly frames: string[] = [];
  /** Every JSON event received, arrays flattened, in order (parsed once, on arrival). */
  readonly events: Record<string, unknown>[] = [];
  /** Count of events by `event_type`. */
  readonly kinds = new Map<string, number>();
  readonly pings: number[] = [];
  readonly closed: Promise<Closed>;
  private readonly waiters = new Set<() => void>();

  private constructor(readonly ws: WebSocket) {
    ws.on('message', (data) => {
      const text = data.toString();
      this.frames.push(text);
      this.parse(text);
      this.wake();
    });
    ws.on('ping', () => {
      this.pings.push(Date.now());
      this.wake();
    });
    this.closed = new Promise((resolve) => {
      ws.on('close', (code, reason) => {
        resolve({ code, reason: reason.toString() });
        this.wake();
      });
    });
    ws.on('error', () => undefined);
  }

  static async open(url: string, options: WebSocket.ClientOptions = {}): Promise<TestClient> {
    const ws = new WebSocket(url, options);
    const client = new TestClient(ws);
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
      ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode} instead of a WebSocket upgrade`)));
    });
    return client;
  }

  send(message: string | object): void {
    this.ws.send(typeof message === 'string' ? message : JSON.stringify(message));
  }

  /** Parsed JSON frames (PONG and other non-JSON texts are skipped). */
  json(): unknown[] {
    const out: unknown[] = [];
    for (const f of this.frames) {
      try {
        out.push(JSON.parse(f));
      } catch {
        // not JSON
      }
    }
    return out;
  }

  /** Resolve once `condition()` holds (checked on every incoming frame, ping or close). */
  async waitFor(condition: () => boolean, what: string, deadlineMs = 20_000): Promise<void> {
    if (condition()) return;
    await new Promise<void>((resolve, reject) => {
      const check = (): void => {
        if (!condition()) return;
        this.waiters.delete(check);
        clearTimeout(timer);
        resolve();
      };
      const timer = setTimeout(() => {
        this.waiters.delete(check);
        reject(new Error(`timed out waiting for ${what} (${this.frames.length} frames received)`));
      }, deadlineMs);
      this.waiters.add(check);
    });
  }

  /** Wait until at least `n` frames have arrived. */
  async waitFrames(n: number, what = `${n} frames`): Promise<void> {
    await this.waitFor(() => this.frames.length >= n, what);
  }

  /** The first event of `type` matching `where`. */
  first(type: string, where: (e: Record<string, unknown>) => boolean = () => true): Record<string, unknown> | undefined {
    return this.events.find((e) => e.event_type === type && where(e));
  }

  close(): void {
    this.ws.terminate();
  }

  private parse(text: string): void {
    if (!text.startsWith('{') && !text.startsWith('[')) return;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      return;
    }
    for (const e of Array.isArray(value) ? value : [value]) {
      if (e === null || typeof e !== 'object') continue;
      const event = e as Record<string, unknown>;
      this.events.push(event);
      const kind = String(event.event_type ?? event.e ?? '');
      this.kinds.set(kind, (this.kinds.get(kind) ?? 0) + 1);
    }
  }

  private wake(): void {
    for (const w of [...this.waiters]) w();
  }
}

/** Resolve after `ms` of real time (only to let something NOT happen, never to measure). */
export function pause(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
