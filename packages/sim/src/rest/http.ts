/**
 * Small HTTP helpers shared by the REST services: a `Reply` value that handlers return (so they can
 * be tested without sockets and so faults can rewrite or cut it), JSON and error replies in the
 * real services' generic shape `{"error": "..."}`, query-parameter parsing with clear 400s, and a
 * bounded body reader.
 */
import type { IncomingMessage } from 'node:http';

export interface Reply {
  readonly status: number;
  /** Exact bytes of the body (JSON text). */
  readonly body: string;
  readonly headers?: Readonly<Record<string, string>>;
}

/** A failure a handler reports to the client as `status {"error": message}`. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

export function jsonReply(value: unknown, status = 200, headers?: Record<string, string>): Reply {
  return headers ? { status, body: JSON.stringify(value), headers } : { status, body: JSON.stringify(value) };
}

export function errorReply(status: number, message: string, extra: Record<string, unknown> = {}, headers?: Record<string, string>): Reply {
  return jsonReply({ error: message, ...extra }, status, headers);
}

export function notFound(method: string, path: string): Reply {
  return errorReply(404, `Not found: ${method} ${path}`);
}

export function methodNotAllowed(method: string, path: string, allowed: string): Reply {
  return errorReply(405, `Method ${method} is not allowed on ${path}; use ${allowed}.`, {}, { allow: allowed });
}

/** Every value of a repeatable parameter, accepting both `a=1&a=2` and `a=1,2`. */
export function listParam(url: URL, ...names: string[]): string[] {
  const values: string[] = [];
  for (const name of names) {
    for (const raw of url.searchParams.getAll(name)) {
      for (const part of raw.split(',')) if (part.trim() !== '') values.push(part.trim());
    }
  }
  return values;
}

/** A whole-number parameter within [min, max], or `fallback` when absent; 400 otherwise. */
export function intParam(url: URL, name: string, options: { fallback: number; min: number; max: number; hint?: string }): number {
  const raw = url.searchParams.get(name);
  if (raw === null || raw === '') return options.fallback;
  if (!/^-?\d+$/.test(raw)) throw new HttpError(400, `${name}=${raw} is not a whole number.`);
  const value = Number(raw);
  if (value < options.min || value > options.max) {
    throw new HttpError(
      400,
      `${name}=${raw} is out of range: it must lie between ${options.min} and ${options.max}${options.hint ? `; ${options.hint}` : ''}.`,
    );
  }
  return value;
}

/** A boolean parameter ("true"/"false"), or `fallback` when absent; 400 for anything else. */
export function boolParam(url: URL, name: string, fallback: boolean | undefined): boolean | undefined {
  const raw = url.searchParams.get(name);
  if (raw === null || raw === '') return fallback;
  if (raw === 'true') return true;
  if (raw === 'false') return false;
  throw new HttpError(400, `${name}=${raw} must be true or false.`);
}

/** Read a request body up to `maxBytes` (413 beyond). */
export async function readBody(req: IncomingMessage, maxBytes: number): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > maxBytes) throw new HttpError(413, `Request body is larger than ${maxBytes} bytes.`);
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}
