// What hub code gets around its hubs, with the official client under Node: JWT bearer authentication and
// @Authorize (negotiate refused as ASP.NET does, method refusals with its text), the HTTP request that opened
// the connection, a plain HTTP route and a raw connection endpoint beside the hubs, and streams written as Java
// Streams and Iterables with a cancellation the hub watches. Self-hosted and behind the Hubbub service, each
// both listening itself and mounted in an application's own Netty server (HubServer.startEmbedded).
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import * as signalR from '@microsoft/signalr';
import { MessagePackHubProtocol } from '@microsoft/signalr-protocol-msgpack';
import { startService } from '../support/service.mjs';
import { COMBINATIONS, TRANSPORTS } from '../support/client.mjs';
import { startHubServer } from '../support/server-hub.mjs';

// E2eHubServer.JWT_SECRET: a test value.
const SECRET = 'hubbub-e2e-jwt-secret-0123456789abcdef';

function jwt(claims, { lifetime = 600, secret = SECRET } = {}) {
  const now = Math.floor(Date.now() / 1000);
  const enc = (o) => Buffer.from(JSON.stringify(o)).toString('base64url');
  const head = enc({ alg: 'HS256', typ: 'JWT' });
  const body = enc({ iss: 'e2e', iat: now, exp: now + lifetime, ...claims });
  const sig = createHmac('sha256', Buffer.from(secret, 'utf8')).update(`${head}.${body}`).digest('base64url');
  return `${head}.${body}.${sig}`;
}

function secureClient(server, { transport = 'WebSockets', protocol = 'json', token, headers, query = '' } = {}) {
  const options = { transport: TRANSPORTS[transport], headers };
  if (token !== undefined) options.accessTokenFactory = () => token;
  const builder = new signalR.HubConnectionBuilder()
    .withUrl(`${server.url}/secure${query}`, options)
    .configureLogging(signalR.LogLevel.None);
  if (protocol === 'messagepack') builder.withHubProtocol(new MessagePackHubProtocol());
  return builder.build();
}

function chatClient(server, { transport = 'WebSockets', protocol = 'json', path = '/chat' } = {}) {
  const builder = new signalR.HubConnectionBuilder()
    .withUrl(`${server.url}${path}`, { transport: TRANSPORTS[transport] })
    .configureLogging(signalR.LogLevel.Warning);
  if (protocol === 'messagepack') builder.withHubProtocol(new MessagePackHubProtocol());
  return builder.build();
}

function collect(stream) {
  return new Promise((resolve, reject) => {
    const items = [];
    stream.subscribe({ next: (i) => items.push(i), complete: () => resolve(items), error: reject });
  });
}

// [name, behind the service, mounted in an application's own Netty server]
/** `promise`, or a failure naming `what` if it does not settle within 20 s (instead of the file's timeout). */
function within(promise, what) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: nothing within 20 s`)), 20_000);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

const MODES = [
  ['self-hosted', false, false],
  ['behind the service (Default mode)', true, false],
  ['embedded in an application\'s Netty server', false, true],
  ['embedded, behind the service', true, true],
];

for (const [mode, behindService, embedded] of MODES) describe(`${mode}: auth, requests, routes and streams with the official client`, () => {
  let service;
  let server;
  before(async () => {
    if (behindService) service = await startService({ args: ['--mode', 'Default'] });
    server = await startHubServer({ service, embedded });
  });
  after(async () => { await server?.stop(); await service?.stop(); });

  it('refuses a hub marked @Authorize without a valid token, as ASP.NET does', async () => {
    for (const token of [undefined, 'not-a-jwt', jwt({ sub: 'ann' }, { lifetime: -3600 }),
      jwt({ sub: 'ann' }, { secret: 'some-other-secret-that-is-long-enough' })]) {
      const c = secureClient(server, { token });
      await assert.rejects(c.start(), (e) => {
        assert.match(e.message, /Unauthorized|Status code '401'/);
        return true;
      });
    }
  });

  for (const [transport, protocol] of COMBINATIONS) {
    it(`${transport} + ${protocol}: the user from the token, roles on methods, the request`, async () => {
      const c = secureClient(server, {
        transport, protocol, token: jwt({ sub: `ann-${transport}`, role: 'reader' }),
        headers: { 'X-App': 'e2e 1.0' }, query: '?room=blue',
      });
      await c.start();
      try {
        assert.equal(await c.invoke('whoAmI'), `ann-${transport}`);
        await assert.rejects(c.invoke('admin'),
          { message: "Failed to invoke 'admin' because user is unauthorized" });
        // the connection stays usable after a refused call
        const r = await c.invoke('request');
        assert.equal(r.room, 'blue');
        assert.equal(r.app, 'e2e 1.0');
        assert.equal(r.path, '/secure');
        if (behindService) {
          // what the service forwarded, without its token for the client
          assert.equal(r.authorization, null);
          assert.equal(r.accessToken, null);
          assert.equal(r.transport, null);
        } else if (!behindService) {
          assert.equal(r.transport, { WebSockets: 'WEB_SOCKETS', ServerSentEvents: 'SERVER_SENT_EVENTS',
            LongPolling: 'LONG_POLLING' }[transport]);
        }
      } finally {
        await c.stop();
      }
      const admin = secureClient(server, { transport, protocol, token: jwt({ sub: 'root', role: ['admin', 'x'] }) });
      await admin.start();
      try {
        assert.equal(await admin.invoke('admin'), 'admin ok');
      } finally {
        await admin.stop();
      }
    });
  }

  it('serves a plain HTTP route beside the hubs', async () => {
    const r = await fetch(`${server.url}/api/info`);
    assert.equal(r.status, 200);
    assert.deepEqual(await r.json(), { hubs: ['/chat', '/secure'] });
    assert.equal((await fetch(`${server.url}/health`)).status, 200);
    if (embedded) {
      // the application's own page on the same port
      assert.equal(await (await fetch(`${server.url}/app`)).text(), "the application's own page");
    }
  });

  for (const [transport, protocol] of COMBINATIONS) {
    it(`${transport} + ${protocol}: Java streams, an Iterable, and a cancellation the hub watches`, async () => {
      const c = chatClient(server, { transport, protocol });
      const cancelled = new Promise((resolve) => c.on('cancelled', resolve));
      await c.start();
      try {
        assert.deepEqual(await within(collect(c.stream('squares', 5)), 'the squares stream'), [0, 1, 4, 9, 16]);
        assert.deepEqual(await within(collect(c.stream('letters', 'abc')), 'the letters stream'), ['a', 'b', 'c']);
        const first = await within(new Promise((resolve, reject) => {
          const sub = c.stream('untilCancelled').subscribe({
            next: (i) => { sub.dispose(); resolve(i); }, complete: () => {}, error: reject,
          });
        }), 'the first item of untilCancelled');
        assert.equal(first, 0);
        assert.equal(await within(cancelled, 'the hub\'s "cancelled" after the client cancelled'), 'untilCancelled');
        assert.equal(await within(c.invoke('echo', 'after'), 'echo after the cancellation'), 'after');
      } finally {
        await c.stop();
      }
    });

    it(`${transport} + ${protocol}: a raw connection endpoint (MapConnectionHandler) echoes the client's bytes`, async () => {
      // The echo endpoint hands the client its own handshake (an empty response) and its own invocations (calls
      // from "the server"): the official client can drive a raw endpoint that way.
      const c = chatClient(server, { transport, protocol, path: '/raw' });
      const echoed = new Promise((resolve, reject) => {
        c.on('ping', (...args) => resolve(args));
        c.onclose((e) => reject(e ?? new Error('closed before the echo')));
      });
      await c.start();
      try {
        await c.send('ping', 'raw', 42);
        assert.deepEqual(await within(echoed, 'the raw endpoint\'s echo'), ['raw', 42]);
      } finally {
        await c.stop();
      }
    });
  }
});
