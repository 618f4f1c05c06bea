/**
 * "A message is encoded once per format, not once per subscriber": every RESP subscriber of one
 * PUBLISH gets the very same Buffer for its protocol version (exact and pattern subscribers alike),
 * and a version no subscriber speaks is not encoded at all.
 */
import { describe, expect, it, vi } from 'vitest';
import { JsonReply, type Json } from '../../server/protocol/json-reply.ts';
import { harness, testLink } from '../helpers/in-process.ts';
import { Client } from '../../server/engine/client.ts';
import { RespWriter } from '../../server/protocol/resp-writer.ts';

class RecordingWriter extends RespWriter {
  readonly raws: Buffer[] = [];
  override raw(bytes: Buffer): void {
    this.raws.push(bytes);
    super.raw(bytes);
  }
}

function subscriber(h: ReturnType<typeof harness>, proto: 2 | 3) {
  const w = new RecordingWriter();
  const c = new Client(h.engine, w, testLink());
  c.setResp(proto);
  h.engine.clients.set(c.id, c);
  return { c, w };
}

describe('broker encodes a published message once per RESP version', () => {
  it('100 RESP2 and 100 RESP3 subscribers (exact and pattern) share one buffer per version and kind', () => {
    const h = harness();
    const subs = Array.from({ length: 200 }, (_, i) => subscriber(h, i % 2 === 0 ? 2 : 3));
    for (const s of subs) h.engine.broker.subscribe(s.c, 'scores');
    for (const s of subs.slice(0, 100)) h.engine.broker.psubscribe(s.c, 'sc*');
    expect(h.run('PUBLISH', 'scores', 'ann:10')).toBe(':300\r\n');
    const exact2 = new Set<Buffer>();
    const exact3 = new Set<Buffer>();
    const pat2 = new Set<Buffer>();
    const pat3 = new Set<Buffer>();
    subs.forEach((s, i) => {
      expect(s.w.raws.length).toBe(i < 100 ? 2 : 1);
      (s.c.resp === 2 ? exact2 : exact3).add(s.w.raws[0]);
      if (i < 100) (s.c.resp === 2 ? pat2 : pat3).add(s.w.raws[1]);
    });
    expect([exact2.size, exact3.size, pat2.size, pat3.size]).toEqual([1, 1, 1, 1]);
    expect([...exact2][0].toString('latin1')).toBe('*3\r\n$7\r\nmessage\r\n$6\r\nscores\r\n$6\r\nann:10\r\n');
    expect([...exact3][0].toString('latin1')).toBe('>3\r\n$7\r\nmessage\r\n$6\r\nscores\r\n$6\r\nann:10\r\n');
    expect([...pat3][0].toString('latin1')).toBe('>4\r\n$8\r\npmessage\r\n$3\r\nsc*\r\n$6\r\nscores\r\n$6\r\nann:10\r\n');
    // A second message is a new encoding (not a stale cache).
    h.run('PUBLISH', 'scores', 'bob:20');
    expect(subs[0].w.raws[2]).not.toBe(subs[0].w.raws[0]);
    expect(subs[0].w.raws[2].toString('latin1')).toContain('bob:20');
  });

  it('JSON (WebSocket) pattern subscribers: one JSON encoding per message, the same frame for all of them', () => {
    const h = harness();
    const frames: string[][] = [];
    for (let i = 0; i < 50; i++) {
      const got: string[] = [];
      frames.push(got);
      const sink = { reply: (_v: Json) => {}, push: (_items: Json[]) => got.push('unexpected'), pushFrame: (f: string) => got.push(f) };
      const c = new Client(h.engine, new JsonReply(sink), testLink());
      c.setResp(3);
      h.engine.clients.set(c.id, c);
      h.engine.broker.psubscribe(c, 'sc*');
    }
    const spy = vi.spyOn(JSON, 'stringify');
    try {
      expect(h.run('PUBLISH', 'scores', 'caf\xc3\xa9 \xff')).toBe(':50\r\n');
      expect(spy).toHaveBeenCalledTimes(1);
    } finally {
      spy.mockRestore();
    }
    for (const got of frames) expect(got).toEqual(['{"push":["pmessage","sc*","scores",{"base64":"Y2Fmw6kg/w=="}]}']);
  });
});

