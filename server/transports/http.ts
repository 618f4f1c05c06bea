/**
 * HTTP API on the gateway's uWS app: POST /v1/cmd (one command or a batch), POST /v1/streams/{key}
 * (sensor readings → XADD), GET /v1/leaderboards/{key} (top N or around a member, with ranks),
 * GET /healthz, GET /metrics. Every command runs through the engine's dispatch on a per-request
 * client (HttpClient); this file knows the API's shapes, not command semantics.
 */
import type { HttpRequest, HttpResponse, TemplatedApp } from 'uWebSockets.js';
import type { Engine } from '../engine/engine.ts';
import { jsonToArgv, jsonToBytes, textToBytes, type Json } from '../protocol/json-reply.ts';
import { HttpClient, Responder, type CommandResult } from './http-exchange.ts';
import type { GatewayStats } from './gateway-stats.ts';
import { bearerToken, passwordMatches } from './gateway-auth.ts';
import { metricsText } from './metrics.ts';
import type { WsTransport } from './ws.ts';

const NOAUTH = 'NOAUTH Authentication required.';

interface RequestInfo {
  authorization: string;
  contentType: string;
  contentLength: string;
  addr: string;
}

/** Headers are read in the handler itself: HttpRequest is invalid after it returns. */
function info(res: HttpResponse, req: HttpRequest): RequestInfo {
  return {
    authorization: req.getHeader('authorization'),
    contentType: req.getHeader('content-type'),
    contentLength: req.getHeader('content-length'),
    addr: Buffer.from(res.getRemoteAddressAsText()).toString(),
  };
}

/** Decodes a percent-encoded path segment into the server's bytes (UTF-8); null when malformed. */
function pathParam(raw: string): string | null {
  try {
    return textToBytes(decodeURIComponent(raw));
  } catch {
    return null;
  }
}

function queryParams(q: string): URLSearchParams {
  return new URLSearchParams(q);
}

function resultJson(r: CommandResult): Json {
  return r.error ? { err: r.value } : { ok: r.value };
}

export class HttpRoutes {
  constructor(
    private engine: Engine,
    private app: TemplatedApp,
    private stats: GatewayStats,
    private ws: WsTransport,
  ) {
    app.get('/healthz', (res) => this.healthz(new Responder(res, '/healthz', stats)));
    app.get('/metrics', (res, req) => this.metrics(new Responder(res, '/metrics', stats), info(res, req)));
    app.post('/v1/cmd', (res, req) => this.cmd(new Responder(res, '/v1/cmd', stats), info(res, req)));
    app.post('/v1/streams/:key', (res, req) =>
      this.streams(new Responder(res, '/v1/streams', stats), info(res, req), req.getParameter(0), req.getQuery()),
    );
    app.get('/v1/leaderboards/:key', (res, req) =>
      this.leaderboards(new Responder(res, '/v1/leaderboards', stats), info(res, req), req.getParameter(0), req.getQuery()),
    );
    app.any('/*', (res) => new Responder(res, 'other', stats).error(404, 'ERR not found'));
  }

  private get maxBody(): number {
    return this.engine.config.int('gateway-max-payload');
  }

  /** The bearer check; answers 401 and returns false when it fails. */
  private authorized(r: Responder, i: RequestInfo): boolean {
    if (!this.engine.authRequired()) return true;
    const token = bearerToken(i.authorization);
    if (token !== null && passwordMatches(this.engine, token)) return true;
    r.json(401, { err: token === null ? NOAUTH : 'WRONGPASS invalid username-password pair or user is disabled.' }, [['www-authenticate', 'Bearer']]);
    return false;
  }

  private client(i: RequestInfo): HttpClient {
    return new HttpClient(this.engine, i.addr, true);
  }

  private healthz(r: Responder): void {
    if (this.engine.loading) r.json(503, { status: 'loading' });
    else r.json(200, { status: 'ok' });
  }

  private metrics(r: Responder, i: RequestInfo): void {
    if (!this.authorized(r, i)) return;
    r.send(200, metricsText(this.engine, this.stats, this.ws), 'text/plain; version=0.0.4; charset=utf-8');
  }

  /** {"cmd":[...]} → {"ok":...} | {"err":"..."}; an array of those → an array of answers, in order. */
  private cmd(r: Responder, i: RequestInfo): void {
    if (!this.authorized(r, i)) return;
    r.readBody(this.maxBody, i.contentLength, (body) => {
      let msg: unknown;
      try {
        msg = JSON.parse(body.toString('utf8'));
      } catch (err) {
        r.error(400, `ERR invalid JSON: ${(err as Error).message}`);
        return;
      }
      const batch = Array.isArray(msg);
      const items = batch ? (msg as unknown[]) : [msg];
      const argvs: (string[] | string)[] = items.map((it) =>
        it !== null && typeof it === 'object' && !Array.isArray(it) ? jsonToArgv((it as { cmd?: unknown }).cmd) : 'ERR invalid request: expected {"cmd":[...]}',
      );
      if (!batch && typeof argvs[0] === 'string') {
        r.error(400, argvs[0]);
        return;
      }
      const hc = this.client(i);
      r.onAbort = () => hc.end();
      void (async () => {
        const out: Json[] = [];
        try {
          for (const argv of argvs) {
            if (r.aborted) return;
            out.push(typeof argv === 'string' ? { err: argv } : resultJson(await hc.run(argv)));
          }
        } finally {
          hc.end();
        }
        r.json(200, batch ? out : out[0]);
      })();
    });
  }

  /**
   * Readings → XADD key [MAXLEN ~ N] * field value ... Every reading is validated before anything is
   * written; the batch runs as one MULTI/EXEC so readers see it at once.
   */
  private streams(r: Responder, i: RequestInfo, rawKey: string, query: string): void {
    if (!this.authorized(r, i)) return;
    const key = pathParam(rawKey);
    if (key === null || key === '') {
      r.error(400, 'ERR invalid stream key in path');
      return;
    }
    const q = queryParams(query);
    const maxlen = q.get('maxlen');
    if (maxlen !== null && !/^[0-9]{1,18}$/.test(maxlen)) {
      r.error(400, 'ERR maxlen must be a non-negative integer');
      return;
    }
    const ndjson = /^application\/(x-)?ndjson\b/i.test(i.contentType);
    r.readBody(this.maxBody, i.contentLength, (body) => {
      const readings = ndjson ? parseNdjson(body.toString('utf8')) : parseJsonReadings(body.toString('utf8'));
      if ('error' in readings) {
        r.json(400, readings.error);
        return;
      }
      if (readings.length === 0) {
        r.error(400, 'ERR no readings in the request body');
        return;
      }
      const head = maxlen === null ? ['XADD', key] : ['XADD', key, 'MAXLEN', '~', maxlen];
      const hc = this.client(i);
      try {
        const type = hc.runNow(['TYPE', key]);
        if (type.error) return void r.json(400, { err: type.value });
        if (type.value !== 'none' && type.value !== 'stream') {
          return void r.error(400, 'WRONGTYPE Operation against a key holding the wrong kind of value');
        }
        const ids: Json[] = [];
        if (readings.length === 1) {
          const res = hc.runNow([...head, '*', ...readings[0]]);
          if (res.error) return void r.json(400, { err: res.value });
          ids.push(res.value);
        } else {
          hc.runNow(['MULTI']);
          for (const fields of readings) hc.runNow([...head, '*', ...fields]);
          const res = hc.runNow(['EXEC']);
          if (res.error || !Array.isArray(res.value)) return void r.json(500, { err: res.error ? res.value : 'ERR transaction aborted' });
          for (const v of res.value) {
            if (v !== null && typeof v === 'object' && !Array.isArray(v) && 'error' in v) return void r.json(500, { err: v.error, ids });
            ids.push(v);
          }
        }
        r.json(200, { ids });
      } finally {
        hc.end();
      }
    });
  }

  /**
   * ?top=N (default 10) or ?around=member&n=N (N above and N below, default 5); ranks are 0-based as
   * ZRANK's, highest score first unless ?rev=0.
   */
  private leaderboards(r: Responder, i: RequestInfo, rawKey: string, query: string): void {
    if (!this.authorized(r, i)) return;
    const key = pathParam(rawKey);
    if (key === null || key === '') return void r.error(400, 'ERR invalid leaderboard key in path');
    const q = queryParams(query);
    const num = (name: string, def: number, max: number): number | null => {
      const v = q.get(name);
      if (v === null || v === '') return def;
      if (!/^[0-9]{1,9}$/.test(v)) return null;
      return Math.min(Number(v), max);
    };
    const rev = q.get('rev') !== '0';
    const around = q.get('around');
    const top = num('top', 10, 10_000);
    const n = num('n', 5, 5_000);
    if (top === null || n === null) return void r.error(400, 'ERR top and n must be non-negative integers');
    const hc = this.client(i);
    try {
      const card = hc.runNow(['ZCARD', key]);
      if (card.error) return void r.json(400, { err: card.value });
      const total = card.value as number;
      let start = 0;
      let stop = top - 1;
      if (around !== null) {
        const rank = hc.runNow([rev ? 'ZREVRANK' : 'ZRANK', key, textToBytes(around)]);
        if (rank.error) return void r.json(400, { err: rank.value });
        if (rank.value === null) return void r.error(404, 'ERR member not found in the leaderboard');
        start = Math.max(0, (rank.value as number) - n);
        stop = (rank.value as number) + n;
      }
      let entries: Json[] = [];
      if (stop >= start && total > 0) {
        const argv = ['ZRANGE', key, String(start), String(stop)];
        if (rev) argv.push('REV');
        argv.push('WITHSCORES');
        const range = hc.runNow(argv);
        if (range.error) return void r.json(400, { err: range.value });
        entries = (range.value as Json[][]).map((pair, j) => ({ member: pair[0], score: pair[1], rank: start + j }));
      }
      r.json(200, { key: bytesKey(key), total, entries });
    } finally {
      hc.end();
    }
  }
}

function bytesKey(key: string): Json {
  return Buffer.from(key, 'latin1').toString('utf8');
}

type Readings = string[][] | { error: Record<string, Json> };

/** One reading: a JSON object of field → value (string, number, boolean or {"base64": ...}). */
function readingFields(v: unknown): string[] | string {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return 'a reading must be a JSON object of field → value';
  const out: string[] = [];
  for (const [f, val] of Object.entries(v as Record<string, unknown>)) {
    const b = typeof val === 'boolean' ? String(val) : jsonToBytes(val);
    if (b === null) return `field ${JSON.stringify(f)}: a value must be a string, a number, a boolean or {"base64":"..."}`;
    out.push(textToBytes(f), b);
  }
  if (out.length === 0) return 'a reading needs at least one field';
  return out;
}

function parseNdjson(text: string): Readings {
  const out: string[][] = [];
  const lines = text.split('\n');
  for (let n = 0; n < lines.length; n++) {
    const line = lines[n].trim();
    if (line === '') continue;
    let v: unknown;
    try {
      v = JSON.parse(line);
    } catch (err) {
      return { error: { err: `ERR line ${n + 1}: invalid JSON: ${(err as Error).message}`, line: n + 1 } };
    }
    const fields = readingFields(v);
    if (typeof fields === 'string') return { error: { err: `ERR line ${n + 1}: ${fields}`, line: n + 1 } };
    out.push(fields);
  }
  return out;
}

function parseJsonReadings(text: string): Readings {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch (err) {
    return { error: { err: `ERR invalid JSON: ${(err as Error).message}` } };
  }
  const items = Array.isArray(v) ? v : [v];
  const out: string[][] = [];
  for (let j = 0; j < items.length; j++) {
    const fields = readingFields(items[j]);
    if (typeof fields === 'string') {
      return { error: Array.isArray(v) ? { err: `ERR item ${j}: ${fields}`, index: j } : { err: `ERR ${fields}` } };
    }
    out.push(fields);
  }
  return out;
}
