import type { Client } from './client.ts';

/** sdscatrepr: a byte string quoted and escaped as Redis prints it (MONITOR, SLOWLOG, CLIENT LIST). */
export function reprString(s: string): string {
  let out = '"';
  for (let i = 0; i < s.length; i++) {
    const ch = s[i];
    const code = s.charCodeAt(i);
    if (ch === '\\' || ch === '"') out += '\\' + ch;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (code === 7) out += '\\a';
    else if (code === 8) out += '\\b';
    else if (code >= 32 && code < 127) out += ch;
    else out += '\\x' + code.toString(16).padStart(2, '0');
  }
  return out + '"';
}

/** A MONITOR line: `1339518083.107412 [0 127.0.0.1:60866] "keys" "*"`. */
export function formatMonitorLine(nowMs: number, c: Client, argv: string[]): string {
  const sec = Math.floor(nowMs / 1000);
  const usec = String((nowMs % 1000) * 1000).padStart(6, '0');
  const who = c.link.kind === 'lua' ? 'lua' : c.link.kind === 'unix' ? `unix:${c.link.addr}` : c.link.addr;
  return `${sec}.${usec} [${c.db.id} ${who}] ${argv.map(reprString).join(' ')}`;
}
