// The official Node client against a hub served by hubbub-spring-boot's servlet bridge (Tomcat, Spring MVC), run by
// hubbub-spring-boot's OfficialClientBridgeTest: node e2e/support/servlet-bridge-client.mjs <hub URL> <user:password>.
// For each transport/protocol pair it invokes, receives a broadcast and a method-security denial, then stops; it
// prints one JSON line per pair ({transport, protocol, ok, error}) and exits 0 when it could run them all.
import * as signalR from '@microsoft/signalr';
import { MessagePackHubProtocol } from '@microsoft/signalr-protocol-msgpack';
import { COMBINATIONS, TRANSPORTS, recorder } from './client.mjs';

const [url, credentials] = process.argv.slice(2);
const authorization = `Basic ${Buffer.from(credentials).toString('base64')}`;
const user = credentials.split(':')[0];

async function run(transport, protocol) {
  const builder = new signalR.HubConnectionBuilder()
    .withUrl(url, { transport: TRANSPORTS[transport], headers: { Authorization: authorization } })
    .configureLogging(signalR.LogLevel.Warning);
  if (protocol === 'messagepack') builder.withHubProtocol(new MessagePackHubProtocol());
  const connection = builder.build();
  const messages = recorder(connection, 'newMessage');
  await connection.start();
  try {
    const sum = await connection.invoke('add', 2, 3);
    if (sum !== 5) throw new Error(`add(2, 3) returned ${sum}`);
    const who = await connection.invoke('whoAmI');
    if (who !== user) throw new Error(`whoAmI returned ${who}`);
    await connection.invoke('send', `over ${transport}`);
    const [from, text] = await messages.next(10_000);
    if (from !== user || text !== `over ${transport}`) throw new Error(`newMessage was ${from}, ${text}`);
    let denied = null;
    try {
      await connection.invoke('adminOnly');
    } catch (e) {
      denied = String(e.message);
    }
    if (!denied || !denied.includes("Access to 'adminOnly' was denied")) {
      throw new Error(`adminOnly was not denied as expected: ${denied}`);
    }
  } finally {
    await connection.stop();
  }
}

for (const [transport, protocol] of COMBINATIONS) {
  try {
    await run(transport, protocol);
    console.log(JSON.stringify({ transport, protocol, ok: true }));
  } catch (e) {
    console.log(JSON.stringify({ transport, protocol, ok: false, error: String(e?.stack ?? e) }));
  }
}
