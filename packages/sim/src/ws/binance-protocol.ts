/**
 * Binance's live subscription protocol on an open stream socket: `SUBSCRIBE`, `UNSUBSCRIBE`,
 * `LIST_SUBSCRIPTIONS`, `SET_PROPERTY`/`GET_PROPERTY` ("combined"), with the replies and the error
 * messages of binance-spot-api-docs `web-socket-streams.md` ("Error Messages"). Pure parsing.
 */

export type BinanceId = number | string | null;

export type BinanceRequest =
  | { readonly method: 'SUBSCRIBE' | 'UNSUBSCRIBE'; readonly params: string[]; readonly id: BinanceId }
  | { readonly method: 'LIST_SUBSCRIPTIONS'; readonly id: BinanceId }
  | { readonly method: 'SET_PROPERTY'; readonly combined: boolean; readonly id: BinanceId }
  | { readonly method: 'GET_PROPERTY'; readonly id: BinanceId };

export interface BinanceError {
  readonly error: string;
}

const METHODS = ['SUBSCRIBE', 'UNSUBSCRIBE', 'LIST_SUBSCRIPTIONS', 'SET_PROPERTY', 'GET_PROPERTY'];
/** A stream name: symbol (or `!` global name), then `@type` parts: btcusdt@trade, btcusdt@depth@100ms, !ticker@arr. */
const STREAM_RE = /^!?[A-Za-z0-9_]+(?:@[A-Za-z0-9_]+)*$/;

export function isStreamName(name: string): boolean {
  return STREAM_RE.test(name);
}

function errorJson(code: number, msg: string, id?: BinanceId): BinanceError {
  const idPart = id === undefined ? '' : `,"id":${JSON.stringify(id)}`;
  return { error: `{"code":${code},"msg":${JSON.stringify(msg)}${idPart}}` };
}

function validId(id: unknown): id is BinanceId {
  if (id === null) return true;
  if (typeof id === 'number') return Number.isSafeInteger(id);
  return typeof id === 'string' && /^[A-Za-z0-9-]{1,36}$/.test(id);
}

/** Parse one control message, or return the error reply text to send. */
export function parseBinanceRequest(text: string): BinanceRequest | BinanceError {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return errorJson(3, 'Invalid JSON: expected value at line 1 column 1');
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return errorJson(2, 'Invalid request: expected a JSON object');
  const o = value as Record<string, unknown>;
  if (o.method === undefined) return errorJson(2, 'Invalid request: missing field `method` at line 1 column 1');
  if (!validId(o.id)) return errorJson(2, 'Invalid request: request ID must be an unsigned integer');
  const id = o.id;
  if (typeof o.method !== 'string' || !METHODS.includes(o.method)) {
    return errorJson(
      2,
      `Invalid request: unknown variant ${JSON.stringify(String(o.method))}, expected one of \`SUBSCRIBE\`, \`UNSUBSCRIBE\`, \`LIST_SUBSCRIPTIONS\`, \`SET_PROPERTY\`, \`GET_PROPERTY\``,
      id,
    );
  }
  const params = o.params;
  switch (o.method) {
    case 'SUBSCRIBE':
    case 'UNSUBSCRIBE': {
      if (!Array.isArray(params) || !params.every((p) => typeof p === 'string'))
        return errorJson(2, 'Invalid request: params must be a list of stream names', id);
      const bad = params.find((p) => !isStreamName(p as string));
      if (bad !== undefined) return errorJson(2, `Invalid request: invalid stream name ${JSON.stringify(bad)}`, id);
      return { method: o.method, params: params as string[], id };
    }
    case 'LIST_SUBSCRIPTIONS':
      return { method: 'LIST_SUBSCRIPTIONS', id };
    case 'SET_PROPERTY': {
      if (!Array.isArray(params) || typeof params[0] !== 'string')
        return errorJson(2, 'Invalid request: property name must be a string', id);
      if (params[0] !== 'combined') return errorJson(0, 'Unknown property', id);
      if (params.length > 2) return errorJson(2, 'Invalid request: too many parameters', id);
      if (typeof params[1] !== 'boolean') return errorJson(1, 'Invalid value type: expected Boolean', id);
      return { method: 'SET_PROPERTY', combined: params[1], id };
    }
    default: {
      if (!Array.isArray(params) || typeof params[0] !== 'string')
        return errorJson(2, 'Invalid request: property name must be a string', id);
      if (params[0] !== 'combined') return errorJson(0, 'Unknown property', id);
      return { method: 'GET_PROPERTY', id };
    }
  }
}

export function isBinanceError(r: BinanceRequest | BinanceError): r is BinanceError {
  return 'error' in r;
}

/** `{"result":<result>,"id":<id>}` */
export function resultJson(result: unknown, id: BinanceId): string {
  return `{"result":${JSON.stringify(result)},"id":${JSON.stringify(id)}}`;
}
