/**
 * CLI: `podium [configfile] [--name value ...]`, like redis-server. Prints where it listens, stops
 * cleanly on SIGINT/SIGTERM or SHUTDOWN.
 */
import { startServer } from './server.ts';
import { ConfigError } from './config.ts';

async function main(): Promise<void> {
  let server;
  try {
    server = await startServer({ args: process.argv.slice(2), log: true });
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(`\n*** FATAL CONFIG FILE ERROR (Podium) ***\n${err.message}`);
      process.exit(1);
    }
    throw err;
  }
  const stop = (sig: string) => {
    console.log(`Received ${sig}, shutting down.`);
    void server.close().then(() => process.exit(0));
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
  server.engine.hooks.afterShutdown = () => process.exit(0);
}

void main();
