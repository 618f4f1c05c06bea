/**
 * LATENCY: the latency monitor's events (LATEST, HISTORY, RESET, GRAPH, DOCTOR) and the per-command
 * histograms (HISTOGRAM), with Redis 7.0's replies and report texts. Podium records the "command"
 * and "fast-command" events (latency.ts); Redis's other event classes (fork, aof-*, expire-cycle,
 * eviction-*) do not exist here.
 */
import type { CommandDef } from '../../engine/command.ts';
import type { Client } from '../../engine/client.ts';
import type { Command } from '../../engine/command.ts';
import { Err, fail } from '../../engine/errors.ts';
import type { Histogram, LatencySample, LatencySeries } from '../../engine/latency.ts';

const ADMIN = ['admin', 'noscript', 'loading', 'stale'] as const;

export const latencyCommands: CommandDef[] = [
  {
    name: 'latency',
    arity: -2,
    flags: [],
    subcommands: [
      { name: 'doctor', arity: 2, flags: ADMIN, run: latencyDoctorCommand },
      { name: 'graph', arity: 3, flags: ADMIN, run: latencyGraphCommand },
      { name: 'help', arity: 2, flags: ['loading', 'stale'], run: latencyHelpCommand },
      { name: 'histogram', arity: -2, flags: ADMIN, run: latencyHistogramCommand },
      { name: 'history', arity: 3, flags: ADMIN, run: latencyHistoryCommand },
      { name: 'latest', arity: 2, flags: ADMIN, run: latencyLatestCommand },
      { name: 'reset', arity: -2, flags: ADMIN, run: latencyResetCommand },
    ],
  },
];

const HELP = [
  'LATENCY <subcommand> [<arg> [value] [opt] ...]. Subcommands are:',
  'DOCTOR',
  '    Return a human readable latency analysis report.',
  'GRAPH <event>',
  '    Return an ASCII latency graph for the <event> class.',
  'HISTORY <event>',
  '    Return time-latency samples for the <event> class.',
  'LATEST',
  '    Return the latest latency samples for all events.',
  'RESET [<event> ...]',
  '    Reset latency data of one or more <event> classes.',
  '    (default: reset all data for all event classes)',
  'HISTOGRAM [COMMAND ...]',
  '    Return a cumulative distribution of latencies in the format of a histogram for the specified command names.',
  '    If no commands are specified then all histograms are replied.',
  'HELP',
  '    Prints this help.',
];

function latencyHelpCommand(c: Client): void {
  c.reply.array(HELP.length);
  for (const line of HELP) c.reply.simple(line);
}

function latencyLatestCommand(c: Client): void {
  const events = c.engine.latency.events;
  c.reply.array(events.size);
  for (const [name, series] of events) {
    const last = series.latest();
    c.reply.array(4);
    c.reply.bulk(name);
    c.reply.integer(last.time);
    c.reply.integer(last.ms);
    c.reply.integer(series.max);
  }
}

function latencyHistoryCommand(c: Client, args: string[]): void {
  const series = c.engine.latency.events.get(args[2]);
  const samples = series === undefined ? [] : series.ordered();
  c.reply.array(samples.length);
  for (const s of samples) {
    c.reply.array(2);
    c.reply.integer(s.time);
    c.reply.integer(s.ms);
  }
}

function latencyResetCommand(c: Client, args: string[]): void {
  c.reply.integer(c.engine.latency.reset(args.length === 2 ? null : args.slice(2)));
}

function latencyGraphCommand(c: Client, args: string[]): void {
  const series = c.engine.latency.events.get(args[2]);
  if (series === undefined) fail(Err.latencyNoSamples(args[2]));
  c.reply.verbatim(latencyGraph(args[2], series, Math.floor(c.engine.clock.now() / 1000)));
}

function writeHistogram(c: Client, name: string, h: Histogram): void {
  const buckets = h.cumulativeBuckets();
  c.reply.bulk(name);
  c.reply.map(2);
  c.reply.bulk('calls');
  c.reply.integer(h.total);
  c.reply.bulk('histogram_usec');
  c.reply.map(buckets.length);
  for (const [usec, count] of buckets) {
    c.reply.integer(usec);
    c.reply.integer(count);
  }
}

function latencyHistogramCommand(c: Client, args: string[]): void {
  const e = c.engine;
  const hists = e.latency.histograms;
  const picked: Command[] = [];
  const add = (cmd: Command) => {
    const h = hists.get(cmd);
    if (h !== undefined && h.total > 0) picked.push(cmd);
  };
  if (args.length === 2) {
    for (const cmd of e.registry.all()) add(cmd);
  } else {
    for (let i = 2; i < args.length; i++) {
      const [name, subName] = args[i].split('|', 2);
      let cmd = e.registry.lookup(name);
      if (cmd !== undefined && subName !== undefined) cmd = cmd.subcommands?.get(subName.toLowerCase());
      if (cmd === undefined) continue;
      add(cmd);
      if (cmd.subcommands !== null) for (const s of cmd.subcommands.values()) add(s);
    }
  }
  c.reply.map(picked.length);
  for (const cmd of picked) writeHistogram(c, cmd.fullName, hists.get(cmd)!);
}

// ---- LATENCY GRAPH: Redis's sparkline (sparkline.c) ----

const GRAPH_COLS = 80;
const GRAPH_ROWS = 4;
const CHARSET_FILL = '_o#';

interface Spark {
  value: number;
  label: string;
}

function renderRange(seq: Spark[], min: number, max: number, offset: number, len: number): string {
  let out = '';
  let relmax = max - min;
  if (relmax === 0) relmax = 1;
  const steps = CHARSET_FILL.length * GRAPH_ROWS;
  for (let row = 0; ; row++) {
    let loop = false;
    const chars = new Array<string>(len).fill(' ');
    for (let j = 0; j < len; j++) {
      const s = seq[j + offset];
      let step = Math.trunc(Math.trunc((s.value - min) * steps) / relmax);
      if (step < 0) step = 0;
      if (step >= steps) step = steps - 1;
      if (row < GRAPH_ROWS) {
        const idx = step - (GRAPH_ROWS - row - 1) * CHARSET_FILL.length;
        loop = true;
        if (idx >= 0 && idx < CHARSET_FILL.length) chars[j] = CHARSET_FILL[idx];
        else if (idx >= CHARSET_FILL.length) chars[j] = '|';
      } else {
        // One blank row between the graph and the labels, then the labels written downwards.
        if (row - GRAPH_ROWS < 1) {
          loop = true;
          break;
        }
        const labelChar = row - GRAPH_ROWS - 1;
        if (s.label.length > labelChar) {
          loop = true;
          chars[j] = s.label[labelChar];
        }
      }
    }
    if (!loop) break;
    out += chars.join('') + '\n';
  }
  return out;
}

function ago(elapsed: number): string {
  if (elapsed < 60) return `${elapsed}s`;
  if (elapsed < 3600) return `${Math.floor(elapsed / 60)}m`;
  if (elapsed < 86400) return `${Math.floor(elapsed / 3600)}h`;
  return `${Math.floor(elapsed / 86400)}d`;
}

export function latencyGraph(event: string, series: LatencySeries, nowSec: number): string {
  const samples: LatencySample[] = series.ordered();
  const seq: Spark[] = samples.map((s) => ({ value: s.ms, label: ago(nowSec - s.time) }));
  let min = 0;
  let max = 0;
  for (let i = 0; i < seq.length; i++) {
    const v = seq[i].value;
    if (i === 0) min = max = v;
    else if (v < min) min = v;
    else if (v > max) max = v;
  }
  let out = `${event} - high ${max} ms, low ${min} ms (all time high ${series.max} ms)\n`;
  out += '-'.repeat(GRAPH_COLS) + '\n';
  for (let j = 0; j < seq.length; j += GRAPH_COLS) {
    if (j !== 0) out += '\n';
    out += renderRange(seq, min, max, j, Math.min(GRAPH_COLS, seq.length - j));
  }
  return out;
}

// ---- LATENCY DOCTOR ----

function analyze(series: LatencySeries, nowSec: number): { samples: number; avg: number; mad: number; period: number } {
  const list = series.ordered();
  let sum = 0;
  let oldest = 0;
  for (const s of list) {
    sum += s.ms;
    if (oldest === 0 || s.time < oldest) oldest = s.time;
  }
  const n = list.length;
  if (n === 0) return { samples: 0, avg: 0, mad: 0, period: 0 };
  const avg = Math.floor(sum / n);
  let period = nowSec - oldest;
  if (period === 0) period = 1;
  let dev = 0;
  for (const s of list) dev += Math.abs(avg - s.ms);
  return { samples: n, avg, mad: Math.floor(dev / n), period };
}

function latencyDoctorCommand(c: Client): void {
  c.reply.verbatim(latencyReport(c));
}

export function latencyReport(c: Client): string {
  const e = c.engine;
  const lat = e.latency;
  if (lat.events.size === 0 && lat.threshold === 0) {
    return "I'm sorry, Dave, I can't do that. Latency monitoring is disabled in this Redis instance. You may use \"CONFIG SET latency-monitor-threshold <milliseconds>.\" in order to enable it. If we weren't in a deep space mission I'd suggest to take a look at https://redis.io/topics/latency-monitor.\n";
  }
  const nowSec = Math.floor(e.clock.now() / 1000);
  const slowlogSlower = e.config.int('slowlog-log-slower-than');
  const slowlogLen = e.config.int('slowlog-max-len');
  let report = '';
  let eventnum = 0;
  let advices = 0;
  let slowlogEnabled = false;
  let slowlogTuning = false;
  let slowlogInspect = false;
  let largeObjects = false;
  let scheduler = false;
  for (const [name, series] of lat.events) {
    eventnum++;
    if (eventnum === 1) report += "Dave, I have observed latency spikes in this Redis instance. You don't mind talking about it, do you Dave?\n\n";
    const ls = analyze(series, nowSec);
    report += `${eventnum}. ${name}: ${ls.samples} latency spikes (average ${ls.avg}ms, mean deviation ${ls.mad}ms, period ${(ls.period / ls.samples).toFixed(2)} sec). Worst all time event ${series.max}ms.`;
    if (name === 'command') {
      if (slowlogSlower < 0 || slowlogLen === 0) {
        slowlogEnabled = true;
        advices++;
      } else if (Math.trunc(slowlogSlower / 1000) > lat.threshold) {
        slowlogTuning = true;
        advices++;
      }
      slowlogInspect = true;
      largeObjects = true;
      advices += 2;
    }
    if (name === 'fast-command') {
      scheduler = true;
      advices++;
    }
    report += '\n';
  }
  if (eventnum === 0 && advices === 0) {
    report +=
      'Dave, no latency spike was observed during the lifetime of this Redis instance, not in the slightest bit. I honestly think you ought to sit down calmly, take a stress pill, and think things over.\n';
  } else if (eventnum > 0 && advices === 0) {
    report +=
      "\nWhile there are latency events logged, I'm not able to suggest any easy fix. Please use the Redis community to get some help, providing this report in your help request.\n";
  } else {
    report += '\nI have a few advices for you:\n\n';
    const suggested = lat.threshold * 1000;
    if (slowlogEnabled) {
      report += `- There are latency issues with potentially slow commands you are using. Try to enable the Slow Log Redis feature using the command 'CONFIG SET slowlog-log-slower-than ${suggested}'. If the Slow log is disabled Redis is not able to log slow commands execution for you.\n`;
    }
    if (slowlogTuning) {
      report += `- Your current Slow Log configuration only logs events that are slower than your configured latency monitor threshold. Please use 'CONFIG SET slowlog-log-slower-than ${suggested}'.\n`;
    }
    if (slowlogInspect) {
      report +=
        '- Check your Slow Log to understand what are the commands you are running which are too slow to execute. Please check https://redis.io/commands/slowlog for more information.\n';
    }
    if (scheduler) {
      report +=
        '- The system is slow to execute Redis code paths not containing system calls. This usually means the system does not provide Redis CPU time to run for long periods. You should try to:\n' +
        '  1) Lower the system load.\n' +
        '  2) Use a computer / VM just for Redis if you are running other software in the same system.\n' +
        '  3) Check if you have a "noisy neighbour" problem.\n' +
        "  4) Check with 'redis-cli --intrinsic-latency 100' what is the intrinsic latency in your system.\n" +
        '  5) Check if the problem is allocator-related by recompiling Redis with MALLOC=libc, if you are using Jemalloc. However this may create fragmentation problems.\n';
    }
    if (largeObjects) {
      report +=
        '- Deleting, expiring or evicting (because of maxmemory policy) large objects is a blocking operation. If you have very large objects that are often deleted, expired, or evicted, try to fragment those objects into multiple smaller objects.\n';
    }
  }
  return report;
}
