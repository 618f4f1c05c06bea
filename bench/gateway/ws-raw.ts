/**
 * A minimal WebSocket client over node:net for the fan-out benchmark. Thousands of `ws` clients in one
 * process would make the benchmark measure its own client library; this one does the upgrade, then
 * only splits server frames (unmasked) and masks what it sends, so the servers are what is measured.
 */
import net from 'node:net';
import crypto from 'node:crypto';

export interface RawWs {
  send(text: string): void;
  close(): void;
  /** Text frames received so far. */
  received: number;
}

export function connectRawWs(
  port: number,
  path: string,
  onMessage: ((text: Buffer) => void) | null,
  headers: Record<string, string> = {},
): Promise<RawWs> {
  return new Promise((resolve, reject) => {
    const sock = net.connect({ port, host: '127.0.0.1', noDelay: true });
    const key = crypto.randomBytes(16).toString('base64');
    let upgraded = false;
    let buf: Buffer = Buffer.alloc(0);
    const ws: RawWs = {
      received: 0,
      send(text: string) {
        sock.write(maskedFrame(Buffer.from(text, 'utf8')));
      },
      close() {
        sock.destroy();
      },
    };
    sock.on('connect', () => {
      const extra = Object.entries(headers)
        .map(([k, v]) => `${k}: ${v}\r\n`)
        .join('');
      sock.write(
        `GET ${path} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
          `Sec-WebSocket-Key: ${key}\r\nSec-WebSocket-Version: 13\r\n${extra}\r\n`,
      );
    });
    sock.on('error', (err) => {
      if (!upgraded) reject(err);
    });
    sock.on('data', (chunk: Buffer) => {
      buf = buf.length === 0 ? chunk : Buffer.concat([buf, chunk]);
      if (!upgraded) {
        const end = buf.indexOf('\r\n\r\n');
        if (end < 0) return;
        const head = buf.subarray(0, end).toString('latin1');
        if (!/^HTTP\/1\.1 101/.test(head)) {
          sock.destroy();
          reject(new Error(`upgrade refused: ${head.split('\r\n')[0]}`));
          return;
        }
        upgraded = true;
        buf = buf.subarray(end + 4);
        resolve(ws);
      }
      let off = 0;
      while (buf.length - off >= 2) {
        const b1 = buf[off + 1] & 0x7f;
        let len = b1;
        let hdr = 2;
        if (b1 === 126) {
          if (buf.length - off < 4) break;
          len = buf.readUInt16BE(off + 2);
          hdr = 4;
        } else if (b1 === 127) {
          if (buf.length - off < 10) break;
          len = Number(buf.readBigUInt64BE(off + 2));
          hdr = 10;
        }
        if (buf.length - off < hdr + len) break;
        const opcode = buf[off] & 0x0f;
        if (opcode === 1 || opcode === 2) {
          ws.received++;
          if (onMessage !== null) onMessage(buf.subarray(off + hdr, off + hdr + len));
        }
        off += hdr + len;
      }
      buf = off === buf.length ? Buffer.alloc(0) : buf.subarray(off);
    });
  });
}

function maskedFrame(payload: Buffer): Buffer {
  const n = payload.length;
  const hdr = n < 126 ? 2 : n < 65536 ? 4 : 10;
  const out = Buffer.allocUnsafe(hdr + 4 + n);
  out[0] = 0x81;
  if (n < 126) out[1] = 0x80 | n;
  else if (n < 65536) {
    out[1] = 0x80 | 126;
    out.writeUInt16BE(n, 2);
  } else {
    out[1] = 0x80 | 127;
    out.writeBigUInt64BE(BigInt(n), 2);
  }
  const mask = crypto.randomBytes(4);
  mask.copy(out, hdr);
  for (let i = 0; i < n; i++) out[hdr + 4 + i] = payload[i] ^ mask[i & 3];
  return out;
}
