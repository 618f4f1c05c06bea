/**
 * The fan-out baseline: a broadcast server written with the `ws` package alone, speaking the subset of
 * Podium's WebSocket JSON protocol the benchmark uses (SUBSCRIBE, PUBLISH), so one client harness
 * drives both. This is how a plain Node broker is usually written: a Map of channel → sockets and
 * `ws.send` per subscriber (the push text is built once per message, as a careful author would).
 *
 *   tsx bench/gateway/baseline-server.ts PORT
 */
import { WebSocketServer, type WebSocket } from 'ws';

const port = Number(process.argv[2]);
const channels = new Map<string, Set<WebSocket>>();
const wss = new WebSocketServer({ host: '127.0.0.1', port, path: '/v1/ws', perMessageDeflate: false, maxPayload: 1 << 20 });

wss.on('connection', (ws) => {
  const mine = new Set<string>();
  ws.on('message', (data) => {
    let req: { id?: number; cmd?: string[] };
    try {
      req = JSON.parse(String(data));
    } catch {
      ws.send(JSON.stringify({ err: 'ERR bad JSON' }));
      return;
    }
    const cmd = req.cmd ?? [];
    const name = String(cmd[0] ?? '').toUpperCase();
    if (name === 'SUBSCRIBE') {
      for (const ch of cmd.slice(1)) {
        let set = channels.get(ch);
        if (set === undefined) channels.set(ch, (set = new Set()));
        set.add(ws);
        mine.add(ch);
        ws.send(JSON.stringify({ push: ['subscribe', ch, mine.size] }));
      }
      ws.send(JSON.stringify({ id: req.id, ok: null }));
    } else if (name === 'PUBLISH') {
      const set = channels.get(cmd[1]);
      let n = 0;
      if (set !== undefined) {
        const text = JSON.stringify({ push: ['message', cmd[1], cmd[2]] });
        for (const s of set) {
          s.send(text);
          n++;
        }
      }
      ws.send(JSON.stringify({ id: req.id, ok: n }));
    } else if (name === 'PING') {
      ws.send(JSON.stringify({ id: req.id, ok: 'PONG' }));
    } else {
      ws.send(JSON.stringify({ id: req.id, err: `ERR unknown command '${cmd[0]}'` }));
    }
  });
  ws.on('close', () => {
    for (const ch of mine) channels.get(ch)?.delete(ws);
  });
});
wss.on('listening', () => console.log(`baseline ready on ${port}`));
