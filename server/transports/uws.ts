/**
 * Loads uWebSockets.js's native binary. The package silently falls back to a slow emulation on top
 * of `ws` when its binary does not load; Podium loads the binary itself and refuses to start without
 * it, so the gateway is never quietly the slow one.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type * as UwsTypes from 'uWebSockets.js';

export type Uws = typeof UwsTypes;

let loaded: Uws | null = null;

export function loadUws(): Uws {
  if (loaded !== null) return loaded;
  const require = createRequire(import.meta.url);
  let dir: string;
  try {
    dir = dirname(require.resolve('uWebSockets.js/package.json'));
  } catch (err) {
    throw new Error(`uWebSockets.js is not installed (npm install): ${(err as Error).message}`);
  }
  const file = join(dir, 'binaries', `uws_${process.platform}_${process.arch}_${process.versions.modules}.node`);
  let mod: Uws;
  try {
    mod = require(file) as Uws;
  } catch (err) {
    throw new Error(
      `uWebSockets.js native binary failed to load (${file}) for Node ${process.version} ${process.platform}/${process.arch}: ` +
        `${(err as Error).message}. The gateway needs the native build; use a Node.js version it ships a binary for.`,
    );
  }
  // The emulation exports App without the native-only constants.
  if (typeof mod.App !== 'function' || typeof mod.us_listen_socket_close !== 'function' || typeof mod.DEDICATED_COMPRESSOR_3KB !== 'number') {
    throw new Error(`uWebSockets.js at ${file} is not the native build`);
  }
  loaded = mod;
  return mod;
}
