// Rewrites docs/configuration.md from server/config-params.ts (run: npm run docs:config).
import { writeFileSync } from 'node:fs';
import { paramsMarkdown } from '../server/config-params.ts';

writeFileSync(new URL('../docs/configuration.md', import.meta.url), paramsMarkdown());
