// Starts the chat sample's app host (java -jar samples/chat/target/hubbub-chat.jar) and follows its process tree.
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { once } from 'node:events';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
export const chatJar = process.env.HUBBUB_CHAT_JAR ?? path.resolve(here, '../../samples/chat/target/hubbub-chat.jar');

/** Chromium options for headless runs on CI machines and in containers. */
export const chromiumPath = process.env.CHROMIUM ?? '/usr/bin/chromium';
export const chromiumArgs = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export function requireChromium() {
  if (!existsSync(chromiumPath)) {
    throw new Error(`Chromium is missing at ${chromiumPath}: run \`bash .ci/install\` (it runs apt-get install -y chromium), `
      + 'or set CHROMIUM to its path.');
  }
}

/** Process ids of every live descendant of `pid` (Linux /proc). */
export function descendants(pid) {
  const children = new Map();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let stat;
    try { stat = readFileSync(`/proc/${entry}/stat`, 'utf8'); } catch { continue; }
    // pid (comm) state ppid ...: comm may hold spaces and parentheses, so parse after the last ')'
    const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    if (!children.has(ppid)) children.set(ppid, []);
    children.get(ppid).push(Number(entry));
  }
  const out = [];
  const queue = [pid];
  while (queue.length) {
    for (const child of children.get(queue.shift()) ?? []) { out.push(child); queue.push(child); }
  }
  return out;
}

export function isAlive(pid) {
  try {
    // a zombie has exited; only its parent has not reaped it yet
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch { return false; }
}

/**
 * Runs the app host with `--port <port>` and resolves once it printed the URL to open. Rejects with its
 * output if it exits first or takes longer than `timeoutMs`.
 */
export async function startChat({ port, timeoutMs = 90_000 }) {
  if (!existsSync(chatJar)) {
    throw new Error(`${chatJar} is missing: build it first with ./mvnw -q -DskipTests package`);
  }
  const child = spawn(process.env.JAVA ?? 'java', ['-jar', chatJar, '--port', String(port)], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stderr.on('data', (c) => { output += c.toString(); });
  const url = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => { child.kill('SIGKILL'); reject(new Error(`no URL printed in ${timeoutMs} ms:\n${output}`)); }, timeoutMs);
    child.stdout.on('data', (chunk) => {
      output += chunk.toString();
      const m = output.match(/Open (http:\/\/localhost:\d+\/) in two browser tabs/);
      if (m) { clearTimeout(timer); resolve(m[1]); }
    });
    child.on('exit', (code) => { clearTimeout(timer); reject(new Error(`app host exited with ${code}:\n${output}`)); });
  });
  return {
    child, url,
    output: () => output,
    /** SIGTERM (what Ctrl-C's shutdown does), then the exit code; SIGKILL after 30 s. */
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
