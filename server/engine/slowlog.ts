/**
 * SLOWLOG's memory: entries of commands slower than slowlog-log-slower-than, newest first,
 * at most slowlog-max-len of them.
 */
import type { Config } from '../config.ts';
import type { Client } from './client.ts';

export interface SlowlogEntry {
  id: number;
  time: number; // unix seconds
  usec: number;
  argv: string[];
  peer: string;
  name: string;
}

const SLOWLOG_ENTRY_MAX_ARGC = 32;
const SLOWLOG_ENTRY_MAX_STRING = 128;

export class Slowlog {
  entries: SlowlogEntry[] = [];
  nextId = 0;

  /** slowlog-log-slower-than, kept current (read on every command). */
  private threshold: number;

  constructor(private config: Config) {
    this.threshold = config.int('slowlog-log-slower-than');
    config.onChange('slowlog-log-slower-than', () => (this.threshold = config.int('slowlog-log-slower-than')));
  }

  maybeRecord(c: Client, argv: string[], usec: number): void {
    const threshold = this.threshold;
    if (threshold < 0 || usec < threshold) return;
    const max = this.config.int('slowlog-max-len');
    let args = argv;
    if (args.length > SLOWLOG_ENTRY_MAX_ARGC) {
      args = argv.slice(0, SLOWLOG_ENTRY_MAX_ARGC - 1);
      args.push(`... (${argv.length - SLOWLOG_ENTRY_MAX_ARGC + 1} more arguments)`);
    }
    args = args.map((a) =>
      a.length > SLOWLOG_ENTRY_MAX_STRING
        ? a.slice(0, SLOWLOG_ENTRY_MAX_STRING) + `... (${a.length - SLOWLOG_ENTRY_MAX_STRING} more bytes)`
        : a,
    );
    this.entries.unshift({
      id: this.nextId++,
      time: Math.floor(Date.now() / 1000),
      usec: Math.round(usec),
      argv: args,
      peer: c.link.addr,
      name: c.name,
    });
    while (this.entries.length > max) this.entries.pop();
  }

  reset(): void {
    this.entries = [];
  }
}
