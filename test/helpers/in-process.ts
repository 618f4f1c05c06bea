/**
 * Test helpers: commands run in-process through the real dispatcher and RESP writer, on an engine
 * with a clock the test controls, recording keyspace events and what gets propagated.
 */
import { Config } from '../../server/config.ts';
import { Engine } from '../../server/engine/engine.ts';
import { commandGroups } from '../../server/commands/index.ts';
import { Client, type ClientLink } from '../../server/engine/client.ts';
import { RespWriter } from '../../server/protocol/resp-writer.ts';
import { processCommand } from '../../server/engine/dispatch.ts';

/** The fixed start time of in-process engines (ms). */
export const TEST_NOW = 1_700_000_000_000;

/** A connection that is not a socket: nothing to wake or close, no buffers. */
export function testLink(): ClientLink {
  return {
    kind: 'test',
    addr: '127.0.0.1:1',
    laddr: '127.0.0.1:2',
    fd: -1,
    wake() {},
    close() {},
    outputBytes: () => 0,
    inputBytes: () => 0,
  };
}

export interface TestClient {
  client: Client;
  writer: RespWriter;
  /** Runs a command and returns the bytes it wrote. */
  run(...argv: string[]): string;
  /** Bytes written since the last call (replies to a blocked command arrive later). */
  take(): string;
}

/** A new client of `engine`, registered with it; `resp` is set on it when given. */
export function connect(engine: Engine, resp?: 2 | 3): TestClient {
  const writer = new RespWriter();
  const client = new Client(engine, writer, testLink());
  if (resp !== undefined) client.setResp(resp);
  engine.clients.set(client.id, client);
  const take = () => writer.take()?.toString('latin1') ?? '';
  return {
    client,
    writer,
    run(...argv) {
      processCommand(engine, client, argv);
      return take();
    },
    take,
  };
}

export interface HarnessOptions {
  /** Seed of the engine's random source (default 1). */
  seed?: number;
  /** Which keyspace event classes to record (default: all, including keymiss 'm'). */
  eventClass?: (type: string) => boolean;
  /** Record events as "type event db key" instead of "type event key". */
  eventDb?: boolean;
}

/**
 * An engine on a clock fixed at TEST_NOW (moved only by advance()), a main client whose `run`
 * returns reply bytes, and the recorded keyspace events and propagated argvs.
 */
export function harness(opts: HarnessOptions = {}) {
  const config = new Config();
  let now = TEST_NOW;
  const engine = new Engine({ config, commands: commandGroups, seed: opts.seed ?? 1, clock: { now: () => now } });
  const main = connect(engine);
  const events: string[] = [];
  const keep = opts.eventClass;
  const withDb = opts.eventDb === true;
  engine.notifyListeners.push((type, event, db, key) => {
    if (keep && !keep(type)) return;
    events.push(withDb ? `${type} ${event} ${db} ${key}` : `${type} ${event} ${key}`);
  });
  const props: string[][] = [];
  engine.propagators.push({ propagate: (_db, argv) => props.push(argv) });
  return {
    config,
    engine,
    client: main.client,
    writer: main.writer,
    run: main.run,
    /** Another client of the same engine. */
    other: () => connect(engine),
    events,
    props,
    /** The entry of `key` in db 0 (peek: does not count as an access). */
    entry: (key: string) => engine.keyspace.dbs[0].peek(key),
    db: (i = 0) => engine.keyspace.dbs[i],
    advance: (ms: number) => {
      now += ms;
    },
    /** Clears recorded events and propagation, to look at one command's. */
    reset: () => {
      events.length = 0;
      props.length = 0;
    },
  };
}

export type Harness = ReturnType<typeof harness>;
