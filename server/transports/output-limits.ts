/**
 * client-output-buffer-limit: `<class> <hard> <soft> <soft-seconds>` for normal, replica and pubsub
 * clients. A client over the hard limit, or over the soft limit for longer than soft-seconds, is
 * disconnected, as in Redis.
 */
import type { Engine } from '../engine/engine.ts';
import type { Client } from '../engine/client.ts';
import { parseMemory } from '../config.ts';
import { clientInfoLine } from '../engine/client-info.ts';

export interface OutputLimitTracker {
  /** True when the client must be disconnected given its current buffered bytes. */
  exceeded(buffered: number): boolean;
  drained(): void;
}

export interface OutputLimit {
  hard: number;
  soft: number;
  softSeconds: number;
}

/** Parses the config value into classes; null on a malformed value. */
export function parseOutputLimits(v: string): Map<string, OutputLimit> | null {
  const w = v.split(/\s+/).filter(Boolean);
  if (w.length % 4 !== 0) return null;
  const out = new Map<string, OutputLimit>();
  for (let i = 0; i < w.length; i += 4) {
    let cls = w[i].toLowerCase();
    if (cls === 'replica') cls = 'slave';
    if (cls !== 'normal' && cls !== 'slave' && cls !== 'pubsub') return null;
    const hard = parseMemory(w[i + 1]);
    const soft = parseMemory(w[i + 2]);
    const secs = Number(w[i + 3]);
    if (hard === null || soft === null || !/^[0-9]+$/.test(w[i + 3])) return null;
    out.set(cls, { hard, soft, softSeconds: secs });
  }
  return out;
}

let cachedText = '';
let cachedLimits: Map<string, OutputLimit> | null = null;

function currentLimits(engine: Engine): Map<string, OutputLimit> | null {
  const text = engine.config.get('client-output-buffer-limit');
  if (text !== cachedText) {
    cachedText = text;
    cachedLimits = parseOutputLimits(text);
  }
  return cachedLimits;
}

export function outputLimitFor(engine: Engine, client: Client): OutputLimitTracker {
  let softSince = 0;
  return {
    exceeded(buffered: number): boolean {
      const cls = client.subscriptions > 0 ? 'pubsub' : client.link.kind === 'replica' ? 'slave' : 'normal';
      const l = currentLimits(engine)?.get(cls);
      if (l === undefined) return false;
      if (l.hard > 0 && buffered >= l.hard) return true;
      if (l.soft > 0 && buffered >= l.soft) {
        const now = engine.clock.now();
        if (softSince === 0) softSince = now;
        else if (now - softSince >= l.softSeconds * 1000) return true;
      } else softSince = 0;
      return false;
    },
    drained() {
      softSince = 0;
    },
  };
}

/**
 * The line Redis logs (closeClientOnOutputBufferLimitReached, asynchronous close as from the reply
 * path) when it drops a client over its limit: the client's CLIENT LIST fields, then the reason.
 */
export function outputLimitLogLine(client: Client): string {
  return `Client ${clientInfoLine(client, client, [])} scheduled to be closed ASAP for overcoming of output buffer limits.`;
}
