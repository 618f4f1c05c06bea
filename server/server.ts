/**
 * Wiring only: builds the engine from a config, opens the transports, runs the background cron
 * (active expiry, idle clients), and closes everything on shutdown.
 */
import { Config } from './config.ts';
import { Engine } from './commands/engine.ts';
import type { Clock } from './store/keyspace.ts';
import { TcpTransport } from './transports/tcp.ts';
import { Cron } from './commands/cron.ts';

export interface StartOptions {
  /** redis-server style arguments: [configfile] [--name value ...]. */
  args?: string[];
  /** Parameters to set after args (tests use port: '0' for an ephemeral port). */
  config?: Record<string, string>;
  clock?: Clock;
  seed?: number;
  /** Print the "ready" lines. */
  log?: boolean;
}

export interface PodiumServer {
  engine: Engine;
  config: Config;
  /** The RESP TCP port actually bound. */
  port: number;
  host: string;
  close(): Promise<void>;
}

export async function startServer(opts: StartOptions = {}): Promise<PodiumServer> {
  const config = new Config();
  if (opts.args) config.loadArgs(opts.args);
  for (const [k, v] of Object.entries(opts.config ?? {})) {
    const err = config.set(k, v, true);
    if (err !== null) throw new Error(`config ${k}: ${err}`);
  }
  const engine = new Engine({ config, clock: opts.clock, seed: opts.seed });
  const tcp = new TcpTransport(engine);
  const host = config.get('bind').split(/\s+/)[0] || '127.0.0.1';
  let port = await tcp.listen({ host, port: config.int('port') });
  // CONFIG GET port tells the port actually bound (tests ask for an ephemeral one with 0).
  config.set('port', String(port), true);
  // CONFIG SET port / bind move the listener; open connections stay, as in Redis.
  const relisten = () => {
    const next = config.int('port');
    const nextHost = config.get('bind').split(/\s+/)[0] || '127.0.0.1';
    if (next === port && nextHost === server.host) return;
    void tcp
      .relisten({ host: nextHost, port: next })
      .then((bound) => {
        port = server.port = bound;
        server.host = nextHost;
        if (bound !== next) config.set('port', String(bound), true);
      })
      .catch((err) => console.error(`Could not listen on ${nextHost}:${next}: ${(err as Error).message}`));
  };
  config.onChange('port', relisten);
  config.onChange('bind', relisten);
  const cron = new Cron(engine);
  cron.start();

  let closing: Promise<void> | null = null;
  const server: PodiumServer = {
    engine,
    config,
    port,
    host,
    close() {
      closing ??= (async () => {
        cron.stop();
        await tcp.close();
      })();
      return closing;
    },
  };
  engine.hooks.shutdown = () => {
    void server.close().then(() => engine.hooks.afterShutdown?.());
    return null;
  };
  if (opts.log) console.log(`Podium ready: RESP on ${host}:${port}`);
  return server;
}
