// Starts the Hubbub service jar as a child process and reads its connection string from the banner.
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { once } from 'node:events';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
export const serviceJar = process.env.HUBBUB_SERVICE_JAR
  ?? path.resolve(here, '../../hubbub-service/target/hubbub-service.jar');

/** The runnable jar with the Redis backplane (`start --redis`). */
export const serviceRedisJar = process.env.HUBBUB_SERVICE_REDIS_JAR
  ?? path.resolve(here, '../../hubbub-service-redis/target/hubbub-service-redis.jar');

/** A free TCP port on loopback (for tests that restart the service on the same port). */
export async function freePort() {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address();
  server.close();
  await once(server, 'close');
  return port;
}

/**
 * Starts `java -jar hubbub-service.jar start --port <port> [args]` and resolves when the banner shows the
 * connection string. Rejects with the process output if it exits or takes longer than 30 s.
 */
export async function startService({ port = 0, args = [], env = {}, jar = serviceJar } = {}) {
  const child = spawn(process.env.JAVA ?? 'java', ['-jar', jar, 'start', '--port', String(port), ...args], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const connectionString = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => { child.kill('SIGKILL'); reject(new Error(`service did not start in 30 s:\n${output}`)); }, 30_000);
    const onData = (chunk) => {
      output += chunk.toString();
      const m = output.match(/^(Endpoint=\S+;AccessKey=[^;\s]+;Version=1\.0;)\s*$/m);
      if (m) { clearTimeout(timer); resolve(m[1]); }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', (c) => { output += c.toString(); });
    child.on('exit', (code) => { clearTimeout(timer); reject(new Error(`service exited with ${code}:\n${output}`)); });
  });
  const endpoint = connectionString.match(/Endpoint=([^;]+);/)[1];
  const accessKey = connectionString.match(/AccessKey=([^;]+);/)[1];
  return {
    child, connectionString, endpoint, accessKey,
    output: () => output,
    async stop() {
      if (child.exitCode !== null) return child.exitCode;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      const [code] = await once(child, 'exit');
      clearTimeout(timer);
      return code;
    },
  };
}
