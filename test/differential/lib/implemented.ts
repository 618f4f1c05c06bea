/**
 * Fixed cases whose commands Podium does not have yet (while a command group is being written): such
 * a case is declared as a skipped test, with the missing commands in its name and printed once, so
 * it runs by itself as soon as the commands exist. Nothing is skipped once every command is there.
 */
import { describe, it } from 'vitest';
import { allCommands } from '../../../server/commands/index.ts';
import { parseScript } from './script.ts';
import { diffGroup, type Case } from './suite.ts';
import type { EnvOptions } from './differ.ts';

const IMPLEMENTED = new Set(allCommands.map((c) => c.name.toLowerCase()));

/** Commands a case sends (its lines and @send lines) that Podium's command table lacks. */
export function missingCommands(c: Case): string[] {
  const missing = new Set<string>();
  for (const step of parseScript(c.script)) {
    const argv = step.kind === 'cmd' || step.kind === 'send' || step.kind === 'scanall' ? step.argv : null;
    if (argv === null || argv.length === 0) continue;
    const name = argv[0].toLowerCase();
    if (!IMPLEMENTED.has(name)) missing.add(name);
  }
  return [...missing].sort();
}

/** diffGroup for the cases whose commands all exist; the others as skipped tests with the reason. */
export function diffGroupWhenImplemented(group: string, cases: Case[], opts: EnvOptions = {}): void {
  const ready: Case[] = [];
  const waiting: [Case, string[]][] = [];
  for (const c of cases) {
    const missing = missingCommands(c);
    if (missing.length === 0) ready.push(c);
    else waiting.push([c, missing]);
  }
  if (ready.length > 0) diffGroup(group, ready, opts);
  if (waiting.length > 0) {
    const all = [...new Set(waiting.flatMap(([, m]) => m))].sort();
    console.warn(`differential: ${group}: ${waiting.length} case(s) skipped, Podium lacks: ${all.join(' ')}`);
    describe.skip(`differential: ${group}: skipped, commands not implemented yet (${all.join(' ')})`, () => {
      for (const [c, missing] of waiting) it(`${c.name} (needs ${missing.join(' ')})`, () => {});
    });
  }
}
