/**
 * Declares a group of fixed differential cases as vitest tests: each case runs on fresh connections
 * against freshly emptied servers, once over RESP2 and (unless it opts out) once over RESP3. When
 * redis-server 7.0 is missing the whole group is reported as skipped.
 */
import { afterAll, beforeAll, describe, it } from 'vitest';
import { redisUnavailable } from '../../helpers/redis-ref.ts';
import { DiffEnv, type EnvOptions } from './differ.ts';

export interface Case {
  name: string;
  script: string;
  /** Parameters set on both servers for this case only. */
  config?: Record<string, string>;
  /** Run over RESP2 only (e.g. the case is about HELLO itself). */
  resp2Only?: boolean;
  /**
   * A known mismatch caused by code outside the harness, listed in MISMATCHES.md: the test is
   * expected to fail until it is fixed (temporary; see the report).
   */
  knownMismatch?: string;
}

export function diffGroup(group: string, cases: Case[], opts: EnvOptions = {}): void {
  describe.skipIf(redisUnavailable !== null)(`differential: ${group}`, () => {
    let env: DiffEnv;
    beforeAll(async () => {
      env = await DiffEnv.start(opts);
    });
    afterAll(async () => {
      await env?.stop();
    });

    for (const proto of [2, 3] as const) {
      describe(`RESP${proto}`, () => {
        for (const c of cases) {
          if (proto === 3 && c.resp2Only) continue;
          const test = c.knownMismatch ? it.fails : it;
          test(c.name, async () => {
            await env.reset();
            const restore = c.config ? await env.configure(c.config) : null;
            const s = env.session({ resp3: proto === 3, label: `${group} / ${c.name}` });
            try {
              await s.runScript(c.script);
            } finally {
              s.close();
              await restore?.();
            }
            s.assertSame();
          });
        }
      });
    }
  });
}
