/**
 * The pub/sub broker: exact channels, glob patterns and shard channels, with Redis 7.0's delivery
 * order and counts, for every transport at once.
 *
 * Delivery. A published message is encoded once per RESP version (lazily, only if a subscriber
 * speaks it) and copied into each RESP subscriber's writer; writers that cannot take raw bytes (JSON,
 * captures) get the ordinary Reply calls. Exact and shard channels skip per-client writes for
 * transports that fan out themselves (uWebSockets.js topics, see ChannelFanout): the broker calls
 * their publish() once per message and counts their subscribers as receivers. Pattern messages are
 * always written per client, since topics have no wildcards.
 *
 * Counts. A client's subscriptions live here (ClientPubsub); `Client.subscriptions` mirrors the
 * total (channels + patterns + shard channels, Redis's CLIENT_PUBSUB flag) because dispatch reads it
 * on every command to apply the RESP2 subscriber context.
 */
import type { Client } from './client.ts';
import type { Engine } from './engine.ts';
import { globMatch } from '../lib/glob.ts';
import { KeyspaceEvents } from './keyspace-events.ts';
import type { SharedMessage } from './reply.ts';

/** A transport that fans exact-channel messages out itself (uWebSockets.js topics). */
export interface ChannelFanout {
  /** Client subscribed to an exact (or shard) channel. */
  join(c: Client, channel: string, shard: boolean): void;
  /** Client unsubscribed / disconnected. */
  leave(c: Client, channel: string, shard: boolean): void;
  /** Once per message per fanout. */
  publish(channel: string, shard: boolean, payload: string): void;
}

/** What one client is subscribed to; Sets keep subscription order (UNSUBSCRIBE with no argument). */
export interface ClientPubsub {
  channels: Set<string>;
  patterns: Set<string>;
  shard: Set<string>;
}

/** Subscribers of one exact or shard channel. */
class ChannelSubs {
  /** Clients written one by one, in subscription order. */
  readonly direct = new Set<Client>();
  /** Clients behind a fanout transport, per fanout. */
  fanned: Map<ChannelFanout, Set<Client>> | null = null;
  size = 0;

  add(c: Client): void {
    const f = c.link.fanout;
    if (f === undefined) this.direct.add(c);
    else {
      if (this.fanned === null) this.fanned = new Map();
      let s = this.fanned.get(f);
      if (s === undefined) this.fanned.set(f, (s = new Set()));
      s.add(c);
    }
    this.size++;
  }

  remove(c: Client): void {
    const f = c.link.fanout;
    if (f === undefined) this.direct.delete(c);
    else {
      const s = this.fanned?.get(f);
      if (s !== undefined) {
        s.delete(c);
        if (s.size === 0) this.fanned!.delete(f);
      }
    }
    this.size--;
  }
}

type Kind = 'message' | 'smessage';

/**
 * One published message, encoded at most once per RESP version (and by the JSON writer once, in
 * its slots). Built per PUBLISH and dropped after, so no subscriber's bytes are shared beyond the
 * writes that copy them.
 */
class Encoded implements SharedMessage {
  private r2: Buffer | null = null;
  private r3: Buffer | null = null;
  jsonItems: unknown = null;
  jsonFrame: string | null = null;

  constructor(readonly parts: readonly string[]) {}

  get(proto: 2 | 3): Buffer {
    if (proto === 2) return (this.r2 ??= encode(2, this.parts));
    return (this.r3 ??= encode(3, this.parts));
  }
}

function encode(proto: 2 | 3, parts: readonly string[]): Buffer {
  let s = `${proto === 3 ? '>' : '*'}${parts.length}\r\n`;
  for (const p of parts) s += `$${p.length}\r\n${p}\r\n`;
  return Buffer.from(s, 'latin1');
}

/** A writer that takes pre-encoded RESP (RespWriter). */
interface RawWriter {
  raw(bytes: Buffer): void;
  proto: 2 | 3;
}

function hasRaw(w: unknown): w is RawWriter {
  return typeof (w as { raw?: unknown }).raw === 'function';
}

/** A writer that takes a whole message (JsonReply): pushed out of band, encoded once. */
function hasMessage(w: unknown): w is { message(m: SharedMessage): void } {
  return typeof (w as { message?: unknown }).message === 'function';
}

function deliver(c: Client, parts: readonly string[], enc: Encoded): void {
  const w = c.writer;
  if (hasRaw(w)) w.raw(enc.get(w.proto));
  else if (hasMessage(w)) w.message(enc);
  else {
    w.push(parts.length);
    for (let i = 0; i < parts.length; i++) w.bulk(parts[i]);
  }
  c.link.wake();
}

export class Broker {
  readonly channels = new Map<string, ChannelSubs>();
  /** Pattern → subscribed clients, in subscription order. */
  readonly patterns = new Map<string, Set<Client>>();
  readonly shardChannels = new Map<string, ChannelSubs>();
  private readonly state = new WeakMap<Client, ClientPubsub>();
  readonly keyspaceEvents: KeyspaceEvents;

  constructor(readonly engine: Engine) {
    engine.clientListeners.push((c) => this.unsubscribeAll(c));
    engine.resetListeners.push((c) => this.unsubscribeAll(c));
    this.keyspaceEvents = new KeyspaceEvents(engine, this);
  }

  /** The client's subscriptions (null when it has none and never had). */
  of(c: Client): ClientPubsub | null {
    return this.state.get(c) ?? null;
  }

  private stateOf(c: Client): ClientPubsub {
    let s = this.state.get(c);
    if (s === undefined) {
      s = { channels: new Set(), patterns: new Set(), shard: new Set() };
      this.state.set(c, s);
    }
    return s;
  }

  private sync(c: Client, s: ClientPubsub): void {
    c.subscriptions = s.channels.size + s.patterns.size + s.shard.size;
  }

  /** Subscribes to an exact (or shard) channel; false when already subscribed. */
  subscribe(c: Client, channel: string, shard = false): boolean {
    const s = this.stateOf(c);
    const mine = shard ? s.shard : s.channels;
    if (mine.has(channel)) return false;
    mine.add(channel);
    const map = shard ? this.shardChannels : this.channels;
    let subs = map.get(channel);
    if (subs === undefined) map.set(channel, (subs = new ChannelSubs()));
    subs.add(c);
    c.link.fanout?.join(c, channel, shard);
    this.sync(c, s);
    return true;
  }

  /** Unsubscribes from an exact (or shard) channel; false when not subscribed. */
  unsubscribe(c: Client, channel: string, shard = false): boolean {
    const s = this.state.get(c);
    if (s === undefined) return false;
    const mine = shard ? s.shard : s.channels;
    if (!mine.delete(channel)) return false;
    const map = shard ? this.shardChannels : this.channels;
    const subs = map.get(channel);
    if (subs !== undefined) {
      subs.remove(c);
      if (subs.size === 0) map.delete(channel);
    }
    c.link.fanout?.leave(c, channel, shard);
    this.sync(c, s);
    return true;
  }

  psubscribe(c: Client, pattern: string): boolean {
    const s = this.stateOf(c);
    if (s.patterns.has(pattern)) return false;
    s.patterns.add(pattern);
    let set = this.patterns.get(pattern);
    if (set === undefined) this.patterns.set(pattern, (set = new Set()));
    set.add(c);
    this.sync(c, s);
    return true;
  }

  punsubscribe(c: Client, pattern: string): boolean {
    const s = this.state.get(c);
    if (s === undefined || !s.patterns.delete(pattern)) return false;
    const set = this.patterns.get(pattern);
    if (set !== undefined) {
      set.delete(c);
      if (set.size === 0) this.patterns.delete(pattern);
    }
    this.sync(c, s);
    return true;
  }

  /** Channels + patterns: the count in (un)subscribe replies (clientSubscriptionsCount). */
  count(c: Client): number {
    const s = this.state.get(c);
    return s === undefined ? 0 : s.channels.size + s.patterns.size;
  }

  /** Shard channels: the count in s(un)subscribe replies. */
  shardCount(c: Client): number {
    return this.state.get(c)?.shard.size ?? 0;
  }

  /** Ends every subscription silently (disconnect, RESET). */
  unsubscribeAll(c: Client): void {
    const s = this.state.get(c);
    if (s === undefined) return;
    for (const ch of [...s.channels]) this.unsubscribe(c, ch, false);
    for (const ch of [...s.shard]) this.unsubscribe(c, ch, true);
    for (const p of [...s.patterns]) this.punsubscribe(c, p);
    this.state.delete(c);
    c.subscriptions = 0;
  }

  /**
   * PUBLISH: exact subscribers first (in subscription order), then pattern subscribers; returns the
   * number of receivers across all transports.
   */
  publish(channel: string, message: string): number {
    let receivers = 0;
    const subs = this.channels.get(channel);
    if (subs !== undefined) receivers += this.fanOut(subs, 'message', channel, message, false);
    if (this.patterns.size > 0) {
      let enc: Encoded | null = null;
      let parts: string[] | null = null;
      for (const [pattern, clients] of this.patterns) {
        if (!globMatch(pattern, channel)) continue;
        // One encoding per matching pattern: the pattern is part of the message.
        parts = ['pmessage', pattern, channel, message];
        enc = new Encoded(parts);
        for (const c of clients) {
          deliver(c, parts, enc);
          receivers++;
        }
      }
    }
    return receivers;
  }

  /** SPUBLISH: shard channel subscribers only (no patterns). */
  spublish(channel: string, message: string): number {
    const subs = this.shardChannels.get(channel);
    return subs === undefined ? 0 : this.fanOut(subs, 'smessage', channel, message, true);
  }

  private fanOut(subs: ChannelSubs, kind: Kind, channel: string, message: string, shard: boolean): number {
    if (subs.direct.size > 0) {
      const parts = [kind, channel, message];
      const enc = new Encoded(parts);
      for (const c of subs.direct) deliver(c, parts, enc);
    }
    if (subs.fanned !== null) for (const f of subs.fanned.keys()) f.publish(channel, shard, message);
    return subs.size;
  }

  /** PUBSUB NUMSUB / SHARDNUMSUB for one channel. */
  numsub(channel: string, shard = false): number {
    return (shard ? this.shardChannels : this.channels).get(channel)?.size ?? 0;
  }
}
