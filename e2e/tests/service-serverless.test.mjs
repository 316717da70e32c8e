// The Hubbub service in serverless mode, driven by the official @microsoft/signalr client under Node.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { once } from 'node:events';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startService, freePort } from '../support/service.mjs';
import { restClient } from '../support/rest.mjs';
import { COMBINATIONS, serviceClient, recorder } from '../support/client.mjs';

describe('serverless service with the official client', () => {
  let service;
  let rest;
  before(async () => {
    service = await startService();
    rest = restClient(service, 'chat');
  });
  after(async () => { await service?.stop(); });

  for (const [transport, protocol] of COMBINATIONS) {
    it(`${transport} + ${protocol} receives broadcast, user, connection and group sends`, async () => {
      const user = `user-${transport}-${protocol}`;
      const client = serviceClient(service, 'chat', { transport, protocol, user });
      const messages = recorder(client, 'newMessage');
      await client.start();
      try {
        const id = client.connectionId;
        assert.ok(id, 'negotiate gave a connection id');

        let r = await rest('POST', '/:send', { body: { target: 'newMessage', arguments: ['all', 1, { nested: true }] } });
        assert.equal(r.status, 202, r.text);
        assert.deepEqual(await messages.next(), ['all', 1, { nested: true }]);

        // the management SDK sends PascalCase property names
        r = await rest('POST', `/users/${encodeURIComponent(user)}/:send`, { body: { Target: 'newMessage', Arguments: ['to user'] } });
        assert.equal(r.status, 202, r.text);
        assert.deepEqual(await messages.next(), ['to user']);

        r = await rest('POST', `/connections/${encodeURIComponent(id)}/:send`, { body: { target: 'newMessage', arguments: ['to connection'] } });
        assert.equal(r.status, 202, r.text);
        assert.deepEqual(await messages.next(), ['to connection']);

        r = await rest('PUT', `/groups/g1/connections/${encodeURIComponent(id)}`);
        assert.equal(r.status, 200, r.text);
        r = await rest('POST', '/groups/g1/:send', { body: { target: 'newMessage', arguments: ['to group'] } });
        assert.equal(r.status, 202, r.text);
        assert.deepEqual(await messages.next(), ['to group']);

        r = await rest('PUT', `/users/${encodeURIComponent(user)}/groups/g2`, { query: { ttl: 60 } });
        assert.equal(r.status, 200, r.text);
        r = await rest('HEAD', `/users/${encodeURIComponent(user)}/groups/g2`);
        assert.equal(r.status, 200);
        r = await rest('POST', '/groups/g2/:send', { body: { target: 'newMessage', arguments: ['to user group'] } });
        assert.equal(r.status, 202, r.text);
        assert.deepEqual(await messages.next(), ['to user group']);

        r = await rest('DELETE', `/groups/g1/connections/${encodeURIComponent(id)}`);
        assert.equal(r.status, 200);
        r = await rest('POST', '/groups/g1/:send', { query: { excluded: 'nobody' }, body: { target: 'newMessage', arguments: ['not for me'] } });
        assert.equal(r.status, 202);
        r = await rest('POST', `/connections/${encodeURIComponent(id)}/:send`, { body: { target: 'newMessage', arguments: ['marker'] } });
        assert.deepEqual(await messages.next(), ['marker'], 'the group send after leaving the group was not delivered');

        r = await rest('HEAD', `/connections/${encodeURIComponent(id)}`);
        assert.equal(r.status, 200);
        r = await rest('HEAD', `/users/${encodeURIComponent(user)}`);
        assert.equal(r.status, 200);
      } finally {
        await client.stop();
      }
    });
  }

  it('answers existence checks with the error codes the management SDK reads', async () => {
    let r = await rest('HEAD', '/connections/nope');
    assert.equal(r.status, 404);
    assert.equal(r.headers.get('x-ms-error-code'), 'Warning.Connection.NotExisted');
    r = await rest('HEAD', '/users/nobody');
    assert.equal(r.headers.get('x-ms-error-code'), 'Warning.User.NotExisted');
    r = await rest('HEAD', '/groups/empty');
    assert.equal(r.headers.get('x-ms-error-code'), 'Warning.Group.NotExisted');
    r = await rest('GET', '/users/nobody/groups/empty');
    assert.equal(r.headers.get('x-ms-error-code'), 'Info.User.NotInGroup');
    r = await rest('POST', '/:send', { body: '{not json' });
    assert.equal(r.status, 400);
    r = await rest('POST', '/:send', { body: { target: 'x', arguments: ['a'.repeat(1024 * 1024)] } });
    assert.equal(r.status, 413);
  });

  it('closes a connection through REST with a reason', async () => {
    const client = serviceClient(service, 'chat', { user: 'closer' });
    await client.start();
    const closed = new Promise((resolve) => client.onclose(resolve));
    const r = await rest('DELETE', `/connections/${encodeURIComponent(client.connectionId)}`, { query: { reason: 'bye now' } });
    assert.equal(r.status, 200, r.text);
    const error = await closed;
    assert.match(String(error), /bye now/);
  });
});

describe('serverless upstream', () => {
  let upstream;
  let service;
  const events = [];
  before(async () => {
    upstream = createServer((req, res) => {
      let body = '';
      req.on('data', (c) => { body += c; });
      req.on('end', () => {
        events.push({ url: req.url, headers: req.headers, body });
        if (req.url.endsWith('/messages/echo')) {
          const invocation = JSON.parse(body);
          res.writeHead(200, { 'Content-Type': 'application/json' });
          res.end(JSON.stringify({ type: 3, invocationId: invocation.invocationId, result: `echo: ${invocation.arguments[0]}` }) + '\u001e');
        } else if (req.url.endsWith('/messages/fail')) {
          res.writeHead(500); res.end();
        } else {
          res.writeHead(200); res.end();
        }
      });
    });
    upstream.listen(0, '127.0.0.1');
    await once(upstream, 'listening');
    const dir = await mkdtemp(path.join(tmpdir(), 'hubbub-upstream-'));
    const settings = path.join(dir, 'settings.json');
    await writeFile(settings, JSON.stringify({ UpstreamSettings: { Templates: [
      { UrlTemplate: `http://127.0.0.1:${upstream.address().port}/upstream/{hub}/{category}/{event}`, EventPattern: '*', HubPattern: 'chat', CategoryPattern: '*' },
    ] } }));
    service = await startService({ args: ['--config', settings] });
  });
  after(async () => { await service?.stop(); upstream?.close(); });

  it('sends connected and message events and returns the upstream answer to the client', async () => {
    const client = serviceClient(service, 'chat', { user: 'up' });
    await client.start();
    try {
      assert.equal(await client.invoke('echo', 'hi'), 'echo: hi');
      const connected = events.find((e) => e.url === '/upstream/chat/connections/connected');
      assert.ok(connected, `connected event in ${JSON.stringify(events.map((e) => e.url))}`);
      assert.equal(connected.headers['x-asrs-connection-id'], client.connectionId);
      assert.equal(connected.headers['x-asrs-user-id'], 'up');
      assert.match(connected.headers['x-asrs-signature'], /^sha256=[0-9a-f]{64}$/i);
      const message = events.find((e) => e.url === '/upstream/chat/messages/echo');
      assert.equal(message.headers['x-asrs-event'], 'echo');
      await assert.rejects(client.invoke('fail'), /Invocation failed, status code 500/);
    } finally {
      await client.stop();
    }
  });

  it('answers an invocation with no matching upstream with an error', async () => {
    const client = serviceClient(service, 'other', { user: 'up' });
    await client.start();
    try {
      await assert.rejects(client.invoke('echo', 'x'), /upstream/i);
    } finally {
      await client.stop();
    }
  });
});

describe('reconnect', () => {
  it('a client with automatic reconnect comes back after the service restarts', async () => {
    const port = await freePort();
    let service = await startService({ port });
    const client = serviceClient(service, 'chat', { user: 'r', reconnect: [0, 250, 500, 1000, 1000, 1000, 2000, 2000, 2000] });
    await client.start();
    const reconnecting = new Promise((resolve) => client.onreconnecting(resolve));
    const reconnected = new Promise((resolve) => client.onreconnected(resolve));
    await service.stop();
    await reconnecting;
    service = await startService({ port });
    try {
      await reconnected;
      const messages = recorder(client, 'newMessage');
      const r = await restClient(service, 'chat')('POST', '/:send', { body: { target: 'newMessage', arguments: ['back'] } });
      assert.equal(r.status, 202);
      assert.deepEqual(await messages.next(), ['back']);
    } finally {
      await client.stop();
      await service.stop();
    }
  });
});
