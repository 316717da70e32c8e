// Runs the end-to-end tests with a readable report on stdout and the counts in target/node-results.json.
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
mkdirSync(path.join(root, 'target'), { recursive: true });
const files = process.argv.slice(2);
const result = spawnSync(process.execPath, [
  '--test', '--test-concurrency=1', '--test-timeout=120000',
  '--test-reporter=spec', '--test-reporter-destination=stdout',
  '--test-reporter=./support/count-reporter.mjs', '--test-reporter-destination=target/node-results.json',
  ...(files.length ? files : ['tests/']),
], { cwd: root, stdio: 'inherit' });
process.exit(result.status ?? 1);
