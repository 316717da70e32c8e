// Starts the Java test hub server (hubbub-server's dev.hubbub.server.e2e.E2eHubServer) as a child process and
// builds official-client connections to it. Needs `./mvnw -pl hubbub-protocol,hubbub-transport,hubbub-server
// test-compile` (or any later phase) first: that writes hubbub-server/target/test-classpath.txt.
import { spawn } from 'node:child_process';
import { readFileSync, existsSync } from 'node:fs';
import { once } from 'node:events';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as signalR from '@microsoft/signalr';
import { MessagePackHubProtocol } from '@microsoft/signalr-protocol-msgpack';
import { TRANSPORTS } from './client.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const serverModule = path.resolve(here, '../../hubbub-server');

function classpath() {
  const file = path.join(serverModule, 'target/test-classpath.txt');
  if (!existsSync(file)) {
    throw new Error(`${file} is missing: run ./mvnw -pl hubbub-protocol,hubbub-transport,hubbub-server test-compile first`);
  }
  return [path.join(serverModule, 'target/test-classes'), path.join(serverModule, 'target/classes'),
    readFileSync(file, 'utf8').trim()].join(path.delimiter);
}

/**
 * Starts the hub server on `port` (0: any) and resolves with its URL once it listens. With `service` (a
 * running Hubbub service in Default mode, from service.mjs) the hub is hosted behind that service, as
 * `useNamedAzureSignalR("signalr")` does: clients negotiate with the hub server and are redirected to the
 * service; it resolves once the hub server's service connections are up. With `embedded` the hub server is
 * mounted in an application's own Netty server (HubServer.startEmbedded), whose URL it resolves with.
 */
export async function startHubServer({ port = 0, service, embedded = false } = {}) {
  const args = ['-cp', classpath(), 'dev.hubbub.server.e2e.E2eHubServer', '--port', String(port)];
  if (embedded) args.push('--embedded');
  const env = { ...process.env };
  if (service) {
    args.push('--service');
    env.ConnectionStrings__signalr = service.connectionString;
  }
  const child = spawn(process.env.JAVA ?? 'java', args, { stdio: ['ignore', 'pipe', 'pipe'], env });
  let output = '';
  const ready = service ? /Hub server connected to the SignalR service as/ : /Hub server listening on/;
  const url = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => { child.kill('SIGKILL'); reject(new Error(`hub server did not start in 30 s:\n${output}`)); }, 30_000);
    child.stdout.on('data', (chunk) => {
      output += chunk.toString();
      const m = output.match(/Hub server listening on (http:\/\/\S+)/);
      if (m && ready.test(output)) { clearTimeout(timer); resolve(m[1]); }
    });
    child.stderr.on('data', (c) => { output += c.toString(); });
    child.on('exit', (code) => { clearTimeout(timer); reject(new Error(`hub server exited with ${code}:\n${output}`)); });
  });
  return {
    child, url,
    output: () => output,
    /** SIGTERM: the server sends Close(allowReconnect) to every client, then exits. */
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

/** An official-client connection to the hub at /chat, not yet started. */
export function hubClient(server, { transport = 'WebSockets', protocol = 'json', user, reconnect, stateful } = {}) {
  const url = `${server.url}/chat${user ? `?user=${encodeURIComponent(user)}` : ''}`;
  const builder = new signalR.HubConnectionBuilder()
    .withUrl(url, { transport: TRANSPORTS[transport] })
    .configureLogging(signalR.LogLevel.Warning);
  if (protocol === 'messagepack') builder.withHubProtocol(new MessagePackHubProtocol());
  if (reconnect) builder.withAutomaticReconnect(reconnect);
  if (stateful) builder.withStatefulReconnect();
  return builder.build();
}
