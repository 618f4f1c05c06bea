/**
 * The WebSocket + HTTP gateway: one uWebSockets.js app on the HTTP port serving /v1/ws (ws.ts) and
 * the HTTP API (http.ts). Keeps the listen socket to close it on shutdown.
 */
import type { TemplatedApp, us_listen_socket } from 'uWebSockets.js';
import type { Engine } from '../engine/engine.ts';
import { loadUws, type Uws } from './uws.ts';
import { WsTransport } from './ws.ts';
import { HttpRoutes } from './http.ts';
import { GatewayStats } from './gateway-stats.ts';

export class Gateway {
  readonly stats = new GatewayStats();
  readonly ws: WsTransport;
  private readonly uws: Uws;
  private readonly app: TemplatedApp;
  private listenSocket: us_listen_socket | null = null;
  port = 0;

  constructor(engine: Engine) {
    this.uws = loadUws();
    this.app = this.uws.App();
    // The WebSocket route first: the HTTP catch-all must not shadow it.
    this.ws = new WsTransport(engine, this.app, this.uws, this.stats);
    new HttpRoutes(engine, this.app, this.stats, this.ws);
  }

  /** Listens on host:port (0 = an ephemeral port); resolves with the bound port. */
  listen(host: string, port: number): Promise<number> {
    return new Promise((resolve, reject) => {
      // Exclusive: uSockets shares ports (SO_REUSEPORT) by default, so a second server on the same
      // port would start "fine" and split the traffic.
      const listen = this.app.listen as unknown as (h: string, p: number, o: number, cb: (s: us_listen_socket | false) => void) => void;
      listen.call(this.app, host, port, (this.uws as unknown as { LIBUS_LISTEN_EXCLUSIVE_PORT: number }).LIBUS_LISTEN_EXCLUSIVE_PORT, (sock) => {
        if (sock === false) {
          reject(new Error(`Could not listen on ${host}:${port} for HTTP/WebSocket (address in use or not available)`));
          return;
        }
        this.listenSocket = sock;
        this.port = this.uws.us_socket_local_port(sock as unknown as Parameters<Uws['us_socket_local_port']>[0]);
        this.ws.laddr = `${host}:${this.port}`;
        resolve(this.port);
      });
    });
  }

  /**
   * Stops listening, closes every WebSocket with 1001, then (a turn later, so the close frames are
   * written) every remaining socket, idle HTTP keep-alive connections included.
   */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.listenSocket !== null) {
      this.uws.us_listen_socket_close(this.listenSocket);
      this.listenSocket = null;
    }
    this.ws.close();
    await new Promise((r) => setImmediate(r));
    (this.app as unknown as { close(): void }).close();
  }

  private closed = false;
}
