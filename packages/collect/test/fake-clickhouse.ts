/**
 * A stand-in for a ClickHouse server's HTTP interface, for tests of what the collector does when a
 * server store fails: it answers every statement and query (queries with no rows), takes or refuses
 * inserts as the test says (refused: 503, as a server under maintenance answers), and keeps the rows
 * it took per table, with the request's URL parameters (settings) and credentials.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';

export interface FakeInsert {
  table: string;
  rows: string[];
  params: Record<string, string>;
  authorization: string;
}

export interface FakeClickHouse {
  readonly url: string;
  /** Decides per insert (table) whether it is taken; default: every insert. */
  accepts: (table: string) => boolean;
  readonly inserts: FakeInsert[];
  /** Inserts refused so far, and the tables they were for. */
  refused: number;
  readonly refusedTables: Set<string>;
  close(): Promise<void>;
}

export async function startFakeClickHouse(): Promise<FakeClickHouse> {
  const fake: Omit<FakeClickHouse, 'url' | 'close'> = { accepts: () => true, inserts: [], refused: 0, refusedTables: new Set() };
  const server: Server = createServer((req, res) => {
    void body(req).then((text) => {
      const url = new URL(req.url ?? '/', 'http://fake');
      const params = Object.fromEntries(url.searchParams);
      const insert = /^INSERT INTO\s+`?(?:\w+\.)?`?(\w+)`?/i.exec(params.query ?? '');
      if (insert) {
        const table = insert[1] as string;
        if (!fake.accepts(table)) {
          fake.refused++;
          fake.refusedTables.add(table);
          res.writeHead(503, { 'content-type': 'text/plain', 'x-clickhouse-exception-code': '242' });
          res.end('Code: 242. DB::Exception: Table is in readonly mode (the test store refuses inserts). (TABLE_IS_READ_ONLY)\n');
          return;
        }
        fake.inserts.push({
          table,
          rows: text.split('\n').filter((l) => l.length > 0),
          params,
          authorization: req.headers.authorization ?? '',
        });
      }
      res.writeHead(200, { 'content-type': 'text/plain', 'x-clickhouse-summary': '{}' });
      res.end('');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  return Object.assign(fake, {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  });
}

function body(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}
