/**
 * Test helpers for raw connections: whole RESP replies read and parsed (for tests that look at a
 * reply's structure as well as its exact bytes, `RNode.raw`), and exact-bytes request/reply checks.
 */
import { expect } from 'vitest';
import { resp, type RawConn } from './server.ts';
import { parseReply, type RNode } from './redis-ref.ts';

/** Reads one whole RESP reply from a raw connection. */
export async function reply(c: RawConn, timeoutMs = 5000): Promise<RNode> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const r = parseReply(c.pending(), 0);
    if (r !== null) {
      await c.readBytes(r.end);
      return r.node;
    }
    if (c.closed) throw new Error(`connection closed, pending ${JSON.stringify(c.pending())}`);
    if (Date.now() > deadline) throw new Error(`no reply, pending ${JSON.stringify(c.pending())}`);
    await new Promise((res) => setTimeout(res, 5));
  }
}

/** Sends a command and reads its reply. */
export async function cmd(c: RawConn, ...argv: string[]): Promise<RNode> {
  c.write(resp(...argv));
  return reply(c);
}

/** The connection's CLIENT ID. */
export async function clientId(c: RawConn): Promise<number> {
  return Number((await cmd(c, 'CLIENT', 'ID')).v);
}

/** Sends one command and expects exactly the bytes `want` back. */
export async function check(c: RawConn, args: string[], want: string): Promise<void> {
  c.write(resp(...args));
  expect(await c.expect(want), args.join(' ')).toBe(want);
}

/** Switches a raw connection to RESP3 and swallows HELLO's map. */
export async function resp3(c: RawConn): Promise<void> {
  c.write(resp('HELLO', '3'));
  c.write(resp('PING', 'hello-done'));
  let got = '';
  while (!got.endsWith('$10\r\nhello-done\r\n')) got += await c.readBytes(1);
  expect(got.startsWith('%')).toBe(true);
}
