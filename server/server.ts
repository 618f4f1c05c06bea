/**
 * Wiring only: builds the engine from a config, opens the transports, runs the background cron
 * (active expiry, idle clients), and closes everything on shutdown.
 */
import { Config } from './config.ts';
import { Engine } from './engine/engine.ts';
import { commandGroups } from './commands/index.ts';
import type { Clock } from './store/keyspace.ts';
import { TcpTransport } from './transports/tcp.ts';
import { Cron } from './engine/cron.ts';
import { Gateway } from './transports/gateway.ts';

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
  /** The HTTP/WebSocket gateway port actually bound (0 = gateway disabled). */
  httpPort: number;
  close(): Promise<void>;
}

export async function startServer(opts: StartOptions = {}): Promise<PodiumServer> {
  const config = new Config();
  if (opts.args) config.loadArgs(opts.args);
  for (const [k, v] of Object.entries(opts.config ?? {})) {
    const err = config.set(k, v, true);
    if (err !== null) throw new Error(`config ${k}: ${err}`);
  }
  const engine = new Engine({ config, commands: commandGroups, clock: opts.clock, seed: opts.seed });
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
  // The gateway: http-port 0 disables it, -1 asks for an ephemeral port (tests).
  let gateway: Gateway | null = null;
  let httpPort = 0;
  const wantHttp = config.int('http-port');
  if (wantHttp !== 0) {
    try {
      gateway = new Gateway(engine);
      httpPort = await gateway.listen(config.get('http-bind'), wantHttp === -1 ? 0 : wantHttp);
    } catch (err) {
      await gateway?.close();
      await tcp.close();
      throw err;
    }
    config.set('http-port', String(httpPort), true);
  }
  const cron = new Cron(engine);
  cron.start();

  let closing: Promise<void> | null = null;
  const server: PodiumServer = {
    engine,
    config,
    port,
    host,
    httpPort,
    close() {
      closing ??= (async () => {
        cron.stop();
        await gateway?.close();
        engine.close();
        await tcp.close();
      })();
      return closing;
    },
  };
  engine.hooks.shutdown = () => {
    void server.close().then(() => engine.hooks.afterShutdown?.());
    return null;
  };
  if (opts.log) {
    console.log(`Podium ready: RESP on ${host}:${port}`);
    const hb = config.get('http-bind');
    if (gateway !== null) console.log(`Podium ready: HTTP on http://${hb}:${httpPort}, WebSocket on ws://${hb}:${httpPort}/v1/ws`);
    else console.log('Podium: HTTP/WebSocket gateway disabled (http-port 0)');
  }
  return server;
}
