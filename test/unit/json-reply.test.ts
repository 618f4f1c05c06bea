import { describe, expect, it } from 'vitest';
import { JsonReply, bytesToJson, jsonToArgv, jsonToBytes, textToBytes, type Json } from '../../server/protocol/json-reply.ts';

function capture(write: (r: JsonReply) => void): { replies: [Json, boolean][]; pushes: Json[][] } {
  const replies: [Json, boolean][] = [];
  const pushes: Json[][] = [];
  const r = new JsonReply({ reply: (v, e) => replies.push([v, e]), push: (items) => pushes.push(items) });
  write(r);
  return { replies, pushes };
}

describe('JsonReply', () => {
  it('builds nested values and emits each top-level value once complete', () => {
    const { replies } = capture((r) => {
      r.array(3);
      r.integer(1);
      r.map(1);
      r.bulk('k');
      r.set(2);
      r.bulk('a');
      r.double(0.5);
      r.nullArray();
      r.simple('OK');
    });
    expect(replies).toEqual([
      [[1, { k: ['a', 0.5] }, null], false],
      ['OK', false],
    ]);
  });

  it('empty aggregates, booleans, verbatim, big integers, non-finite doubles', () => {
    const { replies } = capture((r) => {
      r.array(0);
      r.map(0);
      r.bool(false);
      r.verbatim('text', 'txt');
      r.integer(2n ** 60n);
      r.integer(-(2 ** 53) + 1);
      r.integer(2 ** 53);
      r.double(Infinity);
      r.double(-Infinity);
      r.double(NaN);
    });
    expect(replies.map((x) => x[0])).toEqual([[], {}, false, 'text', '1152921504606846976', -(2 ** 53) + 1, '9007199254740992', 'inf', '-inf', 'nan']);
  });

  it('errors: top-level flagged, nested as {"error"}', () => {
    const { replies } = capture((r) => {
      r.error('ERR top');
      r.array(2);
      r.simple('OK');
      r.error('WRONGTYPE inner');
    });
    expect(replies).toEqual([
      ['ERR top', true],
      [['OK', { error: 'WRONGTYPE inner' }], false],
    ]);
  });

  it('maps with non-text keys or a lone tag-like key become [key, value] pairs', () => {
    const { replies } = capture((r) => {
      r.map(1);
      r.bulk('\xff');
      r.bulk('v');
      r.map(1);
      r.bulk('base64');
      r.bulk('x');
      r.map(2);
      r.bulk('base64');
      r.bulk('x');
      r.bulk('__proto__');
      r.integer(1);
    });
    expect(replies[0][0]).toEqual([[{ base64: '/w==' }, 'v']]);
    expect(replies[1][0]).toEqual([['base64', 'x']]);
    expect(JSON.stringify(replies[2][0])).toBe('{"base64":"x","__proto__":1}');
  });

  it('pushes go to push(), nested arrays inside them stay values', () => {
    const { replies, pushes } = capture((r) => {
      r.push(3);
      r.bulk('message');
      r.bulk('ch');
      r.array(1);
      r.bulk('x');
      r.push(0);
    });
    expect(replies).toEqual([]);
    expect(pushes).toEqual([['message', 'ch', ['x']], []]);
  });
});

describe('byte mapping', () => {
  it('bytes → JSON: ASCII and valid UTF-8 as text, anything else as base64', () => {
    expect(bytesToJson('plain')).toBe('plain');
    expect(bytesToJson(Buffer.from('é✓', 'utf8').toString('latin1'))).toBe('é✓');
    expect(bytesToJson('\xff\x00')).toEqual({ base64: '/wA=' });
    expect(bytesToJson('\xc3')).toEqual({ base64: 'ww==' });
  });

  it('JSON → bytes: UTF-8 text, base64 objects, numbers; anything else refused', () => {
    expect(textToBytes('é')).toBe('\xc3\xa9');
    expect(jsonToBytes({ base64: '/wA=' })).toBe('\xff\x00');
    expect(jsonToBytes(12.5)).toBe('12.5');
    expect(jsonToBytes(Infinity)).toBeNull();
    expect(jsonToBytes(true)).toBeNull();
    expect(jsonToBytes({ base64: 'x', other: 1 })).toBeNull();
    expect(jsonToArgv(['SET', 'k', 1])).toEqual(['SET', 'k', '1']);
    expect(jsonToArgv([])).toBe('ERR invalid request: "cmd" must be a non-empty array of arguments');
    expect(jsonToArgv(['GET', null])).toBe('ERR invalid request: argument 1 must be a string, a number or {"base64":"..."}');
  });

  it('round-trips every byte value', () => {
    let all = '';
    for (let i = 0; i < 256; i++) all += String.fromCharCode(i);
    const j = bytesToJson(all);
    expect(jsonToBytes(j)).toBe(all);
  });
});
