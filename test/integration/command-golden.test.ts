/**
 * COMMAND, COMMAND INFO and COMMAND DOCS are generated from the tables and their docs.json files.
 * Their raw replies (RESP2 and RESP3) must stay byte for byte what they were when the docs lived
 * inline in the tables (fixture recorded before the move). A change to a table or a docs.json that
 * alters them is deliberate: rerun with UPDATE_COMMAND_FIXTURE=1 and review the diff of the replies.
 */
import fs from 'node:fs';
import net from 'node:net';
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/server.ts';

const FIXTURE = new URL('../fixtures/command-replies.bin.gz', import.meta.url);
const SEQUENCE = [
  ['COMMAND'],
  ['COMMAND', 'DOCS'],
  ['COMMAND', 'COUNT'],
  ['COMMAND', 'LIST'],
  ['COMMAND', 'INFO', 'get', 'client|kill', 'xread'],
  ['COMMAND', 'DOCS', 'set', 'client', 'config|get'],
];

let pod: TestServer;

/** Sends the commands on one connection, then QUIT, and returns every byte received. */
async function rawReplies(port: number, cmds: string[][]): Promise<Buffer> {
  const s = net.connect(port, '127.0.0.1');
  const chunks: Buffer[] = [];
  s.on('data', (d) => chunks.push(d));
  for (const c of [...cmds, ['QUIT']]) s.write(`*${c.length}\r\n` + c.map((a) => `$${Buffer.byteLength(a)}\r\n${a}\r\n`).join(''));
  await new Promise((r) => s.on('close', r));
  return Buffer.concat(chunks);
}

describe('COMMAND replies generated from tables + docs.json', () => {
  beforeAll(async () => {
    pod = await startTestServer();
  });
  afterAll(async () => {
    await pod.close();
  });

  it('are byte for byte the recorded RESP2 and RESP3 replies', async () => {
    const got = Buffer.concat([await rawReplies(pod.port, SEQUENCE), await rawReplies(pod.port, [['HELLO', '3'], ...SEQUENCE])]);
    if (process.env.UPDATE_COMMAND_FIXTURE === '1') fs.writeFileSync(FIXTURE, zlib.gzipSync(got, { level: 9 }));
    const want = zlib.gunzipSync(fs.readFileSync(FIXTURE));
    // Compare as text first so a failure shows where the replies part.
    expect(got.toString('latin1')).toBe(want.toString('latin1'));
    expect(got.equals(want)).toBe(true);
  });
});
