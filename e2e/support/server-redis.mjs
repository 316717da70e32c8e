// Starts a real redis-server and Java hub servers on its backplane (hubbub-server-redis's
// dev.hubbub.server.redis.e2e.E2eRedisHubServer) as child processes. Needs `./mvnw -pl hubbub-server-redis -am
// test-compile` (or a later phase) first: that writes hubbub-server-redis/target/test-classpath.txt.
import { spawn } from 'node:child_process';
import { readFileSync, existsSync } from 'node:fs';
import { once } from 'node:events';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from './service.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const moduleDir = path.resolve(here, '../../hubbub-server-redis');

function classpath() {
  const file = path.join(moduleDir, 'target/test-classpath.txt');
  if (!existsSync(file)) {
    throw new Error(`${file} is missing: run ./mvnw -pl hubbub-server-redis -am test-compile first`);
  }
  return [path.join(moduleDir, 'target/test-classes'), path.join(moduleDir, 'target/classes'),
    readFileSync(file, 'utf8').trim()].join(path.delimiter);
}

/** Waits until `pattern` shows in the child's output; rejects on exit or after `ms`. */
function awaitOutput(child, pattern, what, ms = 30_000) {
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => { child.kill('SIGKILL'); reject(new Error(`${what} did not start in ${ms} ms:\n${output}`)); }, ms);
    const onData = (chunk) => {
      output += chunk.toString();
      const m = output.match(pattern);
      if (m) { clearTimeout(timer); resolve(m); }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', (code) => { clearTimeout(timer); reject(new Error(`${what} exited with ${code}:\n${output}`)); });
  });
}

async function stopChild(child) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await once(child, 'exit');
  clearTimeout(timer);
}

/** redis-server on a free loopback port, without persistence; resolves with its URI once it accepts connections. */
export async function startRedis() {
  const port = await freePort();
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    { stdio: ['ignore', 'pipe', 'pipe'] });
  child.on('error', (e) => { throw new Error(`cannot run redis-server (apt-get install -y redis-server): ${e.message}`); });
  await awaitOutput(child, /Ready to accept connections/, 'redis-server');
  return { uri: `redis://127.0.0.1:${port}`, stop: () => stopChild(child) };
}

/** A hub server on `redis`'s backplane; resolves once it listens (its backplane is subscribed by then). */
export async function startRedisHubServer(redis) {
  const child = spawn(process.env.JAVA ?? 'java', ['-cp', classpath(), 'dev.hubbub.server.redis.e2e.E2eRedisHubServer',
    '--port', '0', '--redis', redis.uri], { stdio: ['ignore', 'pipe', 'pipe'] });
  const [, url] = await awaitOutput(child, /Hub server listening on (http:\/\/\S+)/, 'hub server');
  return {
    url,
    /** SIGTERM: a graceful stop. */
    stop: () => stopChild(child),
    /** SIGKILL, as a crash. */
    async kill() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGKILL');
      await once(child, 'exit');
    },
  };
}
