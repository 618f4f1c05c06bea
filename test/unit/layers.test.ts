/**
 * The layer rules of .dependency-cruiser.cjs (../shared/DESIGN.md), checked on the real tree, and
 * shown to bite: small trees that break each kind of rule must be refused, with the files named.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '../..');
const BIN = path.join(ROOT, 'node_modules/.bin/depcruise');
const temps: string[] = [];

/** Runs dependency-cruiser with the project's rules in `cwd`; returns its exit status and report. */
function cruise(cwd: string): { status: number; out: string } {
  try {
    const out = execFileSync(BIN, ['server', 'shared', '--config', path.join(ROOT, '.dependency-cruiser.cjs'), '--output-type', 'err'], { cwd, encoding: 'utf8', stdio: 'pipe' });
    return { status: 0, out };
  } catch (err) {
    const e = err as { status: number; stdout: string; stderr: string };
    return { status: e.status, out: e.stdout + e.stderr };
  }
}

/** A throwaway tree with the given files (and the project's tsconfig). */
function tree(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'podium-layers-'));
  temps.push(dir);
  fs.copyFileSync(path.join(ROOT, 'tsconfig.json'), path.join(dir, 'tsconfig.json'));
  for (const dirName of ['server', 'shared']) fs.mkdirSync(path.join(dir, dirName), { recursive: true });
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

afterAll(() => {
  for (const d of temps) fs.rmSync(d, { recursive: true, force: true });
});

describe('layer rules', () => {
  it('hold on the tree: no import cycle, no layer crossing', () => {
    const r = cruise(ROOT);
    expect(r.out).toContain('no dependency violations found');
    expect(r.status).toBe(0);
  });

  it('refuse a value-import cycle, naming its files', () => {
    const r = cruise(tree({
      'server/store/a.ts': "import { b } from './b.ts';\nexport const a = () => b;\n",
      'server/store/b.ts': "import { a } from './a.ts';\nexport const b = () => a;\n",
    }));
    expect(r.status).not.toBe(0);
    expect(r.out).toMatch(/no-circular: server\/store\/(a|b)\.ts/);
  });

  it('refuse a folder cycle made of type-only imports', () => {
    const r = cruise(tree({
      'server/engine/e.ts': "import type { P } from '../pubsub/p.ts';\nexport interface E { p: P }\n",
      'server/pubsub/p.ts': "import type { E } from '../engine/e.ts';\nexport interface P { e: E }\n",
    }));
    expect(r.status).not.toBe(0);
    expect(r.out).toContain('no-circular-folders');
  });

  it('refuse store → engine, engine → commands, protocol → commands, commands → transports, transports → a group', () => {
    const r = cruise(tree({
      'server/store/s.ts': "import type { E } from '../engine/e.ts';\nexport type S = E;\n",
      'server/engine/e.ts': "import { g } from '../commands/g/g.ts';\nexport type E = typeof g;\n",
      'server/protocol/p.ts': "import { g } from '../commands/g/g.ts';\nexport const p = g;\n",
      'server/commands/g/g.ts': "import { t } from '../../transports/t.ts';\nexport const g = t;\n",
      'server/transports/t.ts': "export const t = 1;\n",
      'server/transports/u.ts': "import { g } from '../commands/g/g.ts';\nexport const u = g;\n",
    }));
    expect(r.status).not.toBe(0);
    expect(r.out).toContain('store-knows-no-layer-above: server/store/s.ts → server/engine/e.ts');
    expect(r.out).toContain('engine-knows-no-commands: server/engine/e.ts → server/commands/g/g.ts');
    expect(r.out).toContain('protocol-knows-no-commands: server/protocol/p.ts → server/commands/g/g.ts');
    expect(r.out).toContain('commands-know-no-transports: server/commands/g/g.ts → server/transports/t.ts');
    expect(r.out).toContain('transports-know-no-command-group: server/transports/u.ts → server/commands/g/g.ts');
  });

  it('refuse a group reaching into another group past its index.ts', () => {
    const r = cruise(tree({
      'server/commands/a/index.ts': "export { x } from './inner.ts';\n",
      'server/commands/a/inner.ts': 'export const x = 1;\n',
      'server/commands/b/ok.ts': "import { x } from '../a/index.ts';\nexport const ok = x;\n",
      'server/commands/b/bad.ts': "import { x } from '../a/inner.ts';\nexport const bad = x;\n",
    }));
    expect(r.status).not.toBe(0);
    expect(r.out).toContain('groups-meet-through-their-index: server/commands/b/bad.ts → server/commands/a/inner.ts');
    expect(r.out).not.toContain('server/commands/b/ok.ts →');
  });

  it('refuse node modules and server code in the top-level shared/ folder', () => {
    const r = cruise(tree({
      'server/lib/l.ts': 'export const l = 1;\n',
      'shared/c.ts': "import { l } from '../server/lib/l.ts';\nimport net from 'node:net';\nexport const c = [l, net];\n",
    }));
    expect(r.status).not.toBe(0);
    expect(r.out).toContain('shared-client-knows-no-server: shared/c.ts → server/lib/l.ts');
    expect(r.out).toContain('shared-client-uses-no-node-module: shared/c.ts → net');
  });
});
