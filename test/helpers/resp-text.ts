/**
 * Test helpers: expected RESP reply bytes, written as latin1 text (one char per byte).
 */

/** A bulk string. */
export const bulk = (s: string) => `$${s.length}\r\n${s}\r\n`;
/** An array of bulk strings. */
export const arr = (...items: string[]) => `*${items.length}\r\n${items.map(bulk).join('')}`;
/** A RESP3 set of bulk strings. */
export const set3 = (...items: string[]) => `~${items.length}\r\n${items.map(bulk).join('')}`;
/** An error reply. */
export const err = (text: string) => `-${text}\r\n`;

export const OK = '+OK\r\n';
export const NIL = '$-1\r\n';
export const WRONGTYPE = '-WRONGTYPE Operation against a key holding the wrong kind of value\r\n';
