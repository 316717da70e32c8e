// What hub code gets around its hubs, with the official client under Node: JWT bearer authentication and
// @Authorize (negotiate refused as ASP.NET does, method refusals with its text), the HTTP request that opened
// the connection, and a plain HTTP route beside the hubs. Self-hosted and behind the Hubbub service.
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

const MODES = [['self-hosted', false], ['behind the service (Default mode)', true]];

for (const [mode, behindService] of MODES) describe(`${mode}: auth, requests and routes with the official client`, () => {
  let service;
  let server;
  before(async () => {
    if (behindService) service = await startService({ args: ['--mode', 'Default'] });
    server = await startHubServer({ service });
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
        } else {
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
  });
});
