/**
 * A test server for the enclosing describe (or file), and the connections its tests open on it:
 * started in beforeAll; in afterAll the connections are closed, then the server.
 */
import { afterAll, beforeAll } from 'vitest';
import { startTestServer, type TestServer } from './server.ts';

export interface ServerSuite<A extends unknown[], C> {
  /** The server (from beforeAll on). */
  readonly t: TestServer;
  /** A new connection, closed after the suite. */
  open(...args: A): Promise<C>;
}

export function serverSuite<A extends unknown[], C extends { close(): void }>(
  config: Record<string, string>,
  connect: (t: TestServer, ...args: A) => Promise<C>,
): ServerSuite<A, C> {
  let server: TestServer | null = null;
  const conns: C[] = [];
  beforeAll(async () => {
    server = await startTestServer({ config });
  });
  afterAll(async () => {
    for (const c of conns) c.close();
    await server?.close();
  });
  const started = (): TestServer => {
    if (server === null) throw new Error('the test server starts in beforeAll');
    return server;
  };
  return {
    get t(): TestServer {
      return started();
    },
    // An arrow function: tests may take `open` off the suite.
    open: async (...args: A): Promise<C> => {
      const c = await connect(started(), ...args);
      conns.push(c);
      return c;
    },
  };
}
