// Starts the Spring Boot chat sample (java -jar samples/spring-chat/target/hubbub-spring-chat.jar) on a free port
// and resolves once its actuator health answers 200.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { once } from 'node:events';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from './service.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
export const springChatJar = process.env.HUBBUB_SPRING_CHAT_JAR
  ?? path.resolve(here, '../../samples/spring-chat/target/hubbub-spring-chat.jar');

/** Runs the sample with `args` (Spring properties as `--name=value`); rejects with its output if not healthy. */
export async function startSpringChat({ args = [], timeoutMs = 90_000 } = {}) {
  if (!existsSync(springChatJar)) {
    throw new Error(`${springChatJar} is missing: build it first with ./mvnw -q -DskipTests package`);
  }
  const port = await freePort();
  // HUBBUB_SPRING_CHAT_ARGS: more arguments for every run, e.g. logging levels while chasing a failure.
  const extra = (process.env.HUBBUB_SPRING_CHAT_ARGS ?? '').split(' ').filter((a) => a);
  const child = spawn(process.env.JAVA ?? 'java', ['-jar', springChatJar, `--server.port=${port}`, ...args, ...extra], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (c) => { output += c.toString(); });
  child.stderr.on('data', (c) => { output += c.toString(); });
  const url = `http://localhost:${port}/`;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      if ((await fetch(`${url}actuator/health`)).status === 200) break;
    } catch { /* not listening yet */ }
    if (child.exitCode !== null) throw new Error(`the Spring chat sample exited with ${child.exitCode}:\n${output}`);
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`the Spring chat sample was not healthy in ${timeoutMs} ms:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  return {
    child, url, port,
    output: () => output,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
      const exited = once(child, 'exit');
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
      const [code] = await exited;
      clearTimeout(timer);
      return code;
    },
  };
}
