/**
 * Bearer tokens for the gateway (WebSocket upgrade, HTTP API): the token is the default user's
 * password (requirepass), compared in constant time.
 */
import { timingSafeEqual } from 'node:crypto';
import type { Engine } from '../engine/engine.ts';

/** The password check for bearer tokens (constant time; the only user is "default"). */
export function passwordMatches(engine: Engine, token: string): boolean {
  const want = Buffer.from(engine.config.get('requirepass'), 'latin1');
  const got = Buffer.from(token, 'utf8');
  return want.length === got.length && timingSafeEqual(want, got);
}

/** The token of an `Authorization: Bearer <token>` header, or null. */
export function bearerToken(header: string): string | null {
  const m = /^\s*bearer\s+(.+?)\s*$/i.exec(header);
  return m === null ? null : m[1];
}
