/**
 * The small language the fixed sequences are written in: one command per line, words split like
 * redis-cli does ("double quotes" with \n \r \t \" \\ \xHH escapes, 'single quotes' literal), `#`
 * starts a comment line, and directives start with `@`:
 *   @conn NAME        switch to (or open) another connection on both servers
 *   @sleep MS         wait on both (short expiries)
 *   @closed           both servers must have closed the current connection
 *   @raw "BYTES" [N]  send bytes as they are and compare N replies (default 1)
 *   @send CMD ...     send a command without waiting (it may block); its reply is read by @reply
 *   @reply            wait for the oldest unanswered @send of this connection and compare
 *   @noreply MS       neither server answers this connection's pending @send within MS
 *   @scanall CMD ...  iterate a SCAN/SSCAN/HSCAN to cursor 0 on each server; compare the unions
 *   @info SECTION [FIELD ...]  INFO SECTION on both; the named fields (all lines if none) must be
 *                     equal; for commandstats the calls/rejected_calls/failed_calls of every command
 * In any word, {id:NAME} stands for the client id of connection NAME on each server.
 */
export type Step =
  | { kind: 'cmd'; argv: string[]; line: number }
  | { kind: 'conn'; name: string; line: number }
  | { kind: 'sleep'; ms: number; line: number }
  | { kind: 'closed'; line: number }
  | { kind: 'raw'; bytes: string; replies: number; line: number }
  | { kind: 'send'; argv: string[]; line: number }
  | { kind: 'reply'; line: number }
  | { kind: 'noreply'; ms: number; line: number }
  | { kind: 'scanall'; argv: string[]; line: number }
  | { kind: 'info'; section: string; fields: string[]; line: number };

export function splitWords(line: string): string[] {
  const out: string[] = [];
  let i = 0;
  while (i < line.length) {
    while (i < line.length && (line[i] === ' ' || line[i] === '\t')) i++;
    if (i >= line.length) break;
    let word = '';
    if (line[i] === '"') {
      i++;
      while (i < line.length && line[i] !== '"') {
        if (line[i] === '\\' && i + 1 < line.length) {
          const c = line[i + 1];
          if (c === 'x' && /^[0-9a-fA-F]{2}$/.test(line.slice(i + 2, i + 4))) {
            word += String.fromCharCode(parseInt(line.slice(i + 2, i + 4), 16));
            i += 4;
            continue;
          }
          word += c === 'n' ? '\n' : c === 'r' ? '\r' : c === 't' ? '\t' : c === '0' ? '\0' : c;
          i += 2;
          continue;
        }
        word += line[i++];
      }
      if (line[i] !== '"') throw new Error(`unbalanced quotes in: ${line}`);
      i++;
    } else if (line[i] === "'") {
      const end = line.indexOf("'", i + 1);
      if (end < 0) throw new Error(`unbalanced quotes in: ${line}`);
      word = line.slice(i + 1, end);
      i = end + 1;
    } else {
      while (i < line.length && line[i] !== ' ' && line[i] !== '\t') word += line[i++];
    }
    out.push(word);
  }
  return out;
}

export function parseScript(text: string): Step[] {
  const steps: Step[] = [];
  const lines = text.split('\n');
  for (let n = 0; n < lines.length; n++) {
    const line = lines[n].trim();
    if (line === '' || line.startsWith('#')) continue;
    const words = splitWords(line);
    const lineNo = n + 1;
    if (words[0].startsWith('@')) {
      switch (words[0]) {
        case '@conn':
          steps.push({ kind: 'conn', name: words[1], line: lineNo });
          break;
        case '@sleep':
          steps.push({ kind: 'sleep', ms: Number(words[1]), line: lineNo });
          break;
        case '@closed':
          steps.push({ kind: 'closed', line: lineNo });
          break;
        case '@raw':
          steps.push({ kind: 'raw', bytes: words[1], replies: words[2] === undefined ? 1 : Number(words[2]), line: lineNo });
          break;
        case '@send':
          steps.push({ kind: 'send', argv: words.slice(1), line: lineNo });
          break;
        case '@reply':
          steps.push({ kind: 'reply', line: lineNo });
          break;
        case '@info':
          steps.push({ kind: 'info', section: words[1], fields: words.slice(2), line: lineNo });
          break;
        case '@scanall':
          steps.push({ kind: 'scanall', argv: words.slice(1), line: lineNo });
          break;
        case '@noreply':
          steps.push({ kind: 'noreply', ms: Number(words[1]), line: lineNo });
          break;
        default:
          throw new Error(`unknown directive ${words[0]}`);
      }
    } else {
      steps.push({ kind: 'cmd', argv: words, line: lineNo });
    }
  }
  return steps;
}

/** A command line as it would be typed (for reports). */
export function formatArgv(argv: string[]): string {
  return argv
    .map((a) => (/^[\x21-\x7e]+$/.test(a) && !a.includes('"') && !a.includes("'") ? a : quote(a)))
    .join(' ');
}

/** Double-quoted form that splitWords reads back to the same bytes. */
export function quote(a: string): string {
  let s = '"';
  for (const ch of a) {
    const c = ch.charCodeAt(0);
    if (ch === '"' || ch === '\\') s += '\\' + ch;
    else if (ch === '\n') s += '\\n';
    else if (ch === '\r') s += '\\r';
    else if (ch === '\t') s += '\\t';
    else if (c < 0x20 || c > 0x7e) s += '\\x' + c.toString(16).padStart(2, '0');
    else s += ch;
  }
  return s + '"';
}
