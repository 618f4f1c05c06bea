/**
 * Keyspace notifications (notify-keyspace-events): each write's event becomes a message on
 * `__keyspace@<db>__:<key>` (payload: the event) and/or `__keyevent@<db>__:<event>` (payload: the
 * key), as Redis's notifyKeyspaceEvent publishes them.
 *
 * The engine listener, the new-key hook in the keyspace and so the whole cost of notifications exist
 * only while the configured flags can produce a message; with the default "" a write pays nothing.
 * Evictions arrive as engine.notify('e', 'evicted', db, key) from whatever evicts.
 */
import type { Engine, NotifyListener } from './engine.ts';
import type { Database } from '../store/keyspace.ts';
import { NOTIFY, keyspaceEventsToFlags } from '../config-syntax.ts';
import type { Broker } from './broker.ts';

/** Event class letter (as handlers pass it to engine.modified/notify) → flag bit. */
const CLASS_BITS: Record<string, number> = {
  g: NOTIFY.GENERIC,
  $: NOTIFY.STRING,
  l: NOTIFY.LIST,
  s: NOTIFY.SET,
  h: NOTIFY.HASH,
  z: NOTIFY.ZSET,
  x: NOTIFY.EXPIRED,
  e: NOTIFY.EVICTED,
  t: NOTIFY.STREAM,
  m: NOTIFY.KEY_MISS,
  d: NOTIFY.MODULE,
  n: NOTIFY.NEW,
};

export class KeyspaceEvents {
  private readonly listener: NotifyListener = (type, event, db, key) => this.notify(type, event, db, key);
  private readonly onNewKey = (db: Database, key: string) => {
    if (this.flags() & NOTIFY.NEW) this.engine.notify('n', 'new', db.id, key);
  };
  private installed = false;

  constructor(
    private readonly engine: Engine,
    private readonly broker: Broker,
  ) {
    engine.config.onChange('notify-keyspace-events', () => this.configure());
    this.configure();
  }

  /**
   * The flag bits, read live rather than from the printed form: Redis prints "A" without an 'n' set
   * with it, so CONFIG SET KEA then KEAn leave the same text (and fire no change listener) while the
   * bits differ.
   */
  private flags(): number {
    const cfg = this.engine.config;
    const text = cfg.get('notify-keyspace-events');
    if (text === '') return 0;
    try {
      return cfg.int('notify-keyspace-events');
    } catch {
      return Math.max(0, keyspaceEventsToFlags(text));
    }
  }

  /**
   * Installs or removes the hooks. Whether any message can be produced (K or E, and some class) always
   * shows in the printed value, so the change listener sees every such transition.
   */
  configure(): void {
    const flags = this.flags();
    const active = (flags & (NOTIFY.KEYSPACE | NOTIFY.KEYEVENT)) !== 0 && (flags & ~(NOTIFY.KEYSPACE | NOTIFY.KEYEVENT)) !== 0;
    const ls = this.engine.notifyListeners;
    if (active && !this.installed) {
      ls.push(this.listener);
      this.installed = true;
    } else if (!active && this.installed) {
      const i = ls.indexOf(this.listener);
      if (i >= 0) ls.splice(i, 1);
      this.installed = false;
    }
    const ks = this.engine.keyspace;
    if (active) ks.onNewKey = this.onNewKey;
    else if (ks.onNewKey === this.onNewKey) ks.onNewKey = null;
  }

  private notify(type: string, event: string, db: number, key: string): void {
    const flags = this.flags();
    const bit = CLASS_BITS[type];
    if (bit === undefined || (flags & bit) === 0) return;
    if (flags & NOTIFY.KEYSPACE) this.broker.publish(`__keyspace@${db}__:${key}`, event);
    if (flags & NOTIFY.KEYEVENT) this.broker.publish(`__keyevent@${db}__:${event}`, key);
  }
}
