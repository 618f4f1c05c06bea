// Runs before `npm start` and `npm test`: installs dependencies on a fresh clone (or when
// package-lock.json changed since the last install), so those two commands are all a newcomer needs.
import { existsSync, statSync } from 'node:fs';
import { execSync } from 'node:child_process';

const marker = 'node_modules/.package-lock.json';
const stale = !existsSync(marker) || (existsSync('package-lock.json') && statSync('package-lock.json').mtimeMs > statSync(marker).mtimeMs);
if (stale) {
  console.log('[setup] installing dependencies (npm ci)...');
  execSync(existsSync('package-lock.json') ? 'npm ci --no-audit --no-fund' : 'npm install --no-audit --no-fund', { stdio: 'inherit' });
}
