/**
 * Raw-connection steps shared by the integration tests: waiting for blocked clients, switching to
 * RESP3, and the expected bytes of a stream entry.
 */
import { resp, type RawConn, type TestServer } from './server.ts';
import { bulk } from './resp-text.ts';

/** Waits until the server has exactly `n` blocked clients (a sync point between connections). */
export async function blockedCount(t: TestServer, n: number): Promise<void> {
  const deadline = Date.now() + 3000;
  while (t.server.engine.blocking.waiting !== n) {
    if (Date.now() > deadline) throw new Error(`expected ${n} blocked clients, have ${t.server.engine.blocking.waiting}`);
    await new Promise((r) => setTimeout(r, 2));
  }
}

/** Switches to RESP3, dropping the HELLO reply (it holds the connection id). */
export async function hello3(c: RawConn): Promise<void> {
  c.write(resp('HELLO', '3'));
  await c.readBytes(1);
  await new Promise((r) => setTimeout(r, 30));
  await c.readBytes(Buffer.byteLength(c.pending(), 'latin1'));
}

/** A stream entry as replied: [id, [field, value, ...]]. */
export const entry = (id: string, ...kv: string[]) => `*2\r\n${bulk(id)}*${kv.length}\r\n${kv.map(bulk).join('')}`;
