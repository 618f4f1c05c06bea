/**
 * FLUSHALL / FLUSHDB / SWAPDB and blocked clients, as Redis 7.0: a consumer-group reader whose stream
 * disappears is unblocked with an error; a list waiter keeps waiting for the key to come back.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startTestServer, resp, type TestServer } from '../helpers/server.ts';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(async () => {
  await t.close();
});

for (const flush of [['FLUSHALL'], ['FLUSHDB'], ['SWAPDB', '0', '1']]) {
  it(`${flush[0]} unblocks XREADGROUP with UNBLOCKED and leaves BLPOP waiting`, async () => {
    const admin = await t.raw();
    admin.write(resp('FLUSHALL'));
    await admin.expect('+OK\r\n');
    admin.write(resp('XGROUP', 'CREATE', 's', 'g', '$', 'MKSTREAM'));
    await admin.expect('+OK\r\n');
    const reader = await t.raw();
    reader.write(resp('XREADGROUP', 'GROUP', 'g', 'c', 'BLOCK', '0', 'STREAMS', 's', '>'));
    const lister = await t.raw();
    lister.write(resp('BLPOP', 'lst', '0'));
    // Both are blocked: a PING from the admin connection is answered first.
    admin.write(resp('PING'));
    await admin.expect('+PONG\r\n');
    admin.write(resp(...flush));
    await admin.expect('+OK\r\n');
    expect(await reader.expect('-UNBLOCKED the stream key no longer exists\r\n')).toBe('-UNBLOCKED the stream key no longer exists\r\n');
    expect(lister.pending()).toBe('');
    admin.write(resp('RPUSH', 'lst', 'x'));
    await admin.expect(':1\r\n');
    const want = '*2\r\n$3\r\nlst\r\n$1\r\nx\r\n';
    expect(await lister.expect(want)).toBe(want);
  });
}
