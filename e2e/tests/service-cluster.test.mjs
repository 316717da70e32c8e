// Two Hubbub service nodes (`java -jar hubbub-service-redis.jar start --redis ...`) on one real redis-server, driven
// by the official @microsoft/signalr client and the REST API: a call on one node reaches clients on the other,
// exactly once, and an upstream event fires once, on the node that holds the connection.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { once } from 'node:events';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startService, serviceRedisJar } from '../support/service.mjs';
import { startRedis } from '../support/server-redis.mjs';
import { restClient } from '../support/rest.mjs';
import { serviceClient, recorder } from '../support/client.mjs';

describe('two service nodes on Redis with the official client', () => {
  let redis;
  let a;
  let b;
  let upstream;
  const events = [];
  const waiters = [];
  before(async () => {
    upstream = createServer((req, res) => {
      let body = '';
      req.on('data', (c) => { body += c; });
      req.on('end', () => {
        events.push({ url: req.url, connectionId: req.headers['x-asrs-connection-id'], body });
        for (const w of waiters.splice(0)) w();
        res.writeHead(200, { 'Content-Type': 'application/json' });
        res.end(req.url.includes('/messages/') ? JSON.stringify({ type: 3, invocationId: JSON.parse(body).invocationId, result: 'upstream-ok' }) + '\u001e' : '');
      });
    });
    upstream.listen(0, '127.0.0.1');
    await once(upstream, 'listening');
    const dir = await mkdtemp(path.join(tmpdir(), 'hubbub-cluster-'));
    const settings = path.join(dir, 'settings.json');
    await writeFile(settings, JSON.stringify({ UpstreamSettings: { Templates: [
      { UrlTemplate: `http://127.0.0.1:${upstream.address().port}/upstream/{hub}/{category}/{event}`, EventPattern: '*', HubPattern: 'cluster', CategoryPattern: '*' },
    ] } }));
    redis = await startRedis();
    const args = ['--redis', redis.uri, '--config', settings];
    [a, b] = await Promise.all([startService({ jar: serviceRedisJar, args }), startService({ jar: serviceRedisJar, args })]);
  });
  after(async () => { await a?.stop(); await b?.stop(); await redis?.stop(); upstream?.close(); });

  async function until(predicate, what) {
    const deadline = Date.now() + 10_000;
    while (!predicate()) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(events)}`);
      await new Promise((resolve) => { waiters.push(resolve); setTimeout(resolve, 200); });
    }
  }

  for (const protocol of ['json', 'messagepack']) {
    it(`${protocol}: REST broadcast, user, group and close on node A reach a client on node B once`, async () => {
      const onA = serviceClient(a, 'chat', { protocol, user: 'ann' });
      const onB = serviceClient(b, 'chat', { protocol, user: 'ben' });
      const newsA = recorder(onA, 'news');
      const newsB = recorder(onB, 'news');
      const dm = recorder(onB, 'dm');
      const room = recorder(onB, 'room');
      await onA.start();
      await onB.start();
      try {
        const restA = restClient(a, 'chat');
        assert.equal((await restA('POST', '', { body: { target: 'news', arguments: [1] } })).status, 202);
        assert.equal((await restA('POST', '', { body: { target: 'news', arguments: [2] } })).status, 202);
        assert.deepEqual([await newsB.next(), await newsB.next()], [[1], [2]]);
        assert.deepEqual([await newsA.next(), await newsA.next()], [[1], [2]]);

        assert.equal((await restA('POST', '/users/ben', { body: { target: 'dm', arguments: ['hi ben'] } })).status, 202);
        assert.deepEqual(await dm.next(), ['hi ben']);

        assert.equal((await restA('HEAD', `/connections/${onB.connectionId}`)).status, 200);
        assert.equal((await restA('HEAD', '/users/ben')).status, 200);
        assert.equal((await restA('HEAD', '/users/nobody')).status, 404);

        assert.equal((await restA('PUT', `/groups/r/connections/${onB.connectionId}`)).status, 200);
        assert.equal((await restA('HEAD', '/groups/r')).status, 200);
        assert.equal((await restA('POST', '/groups/r', { body: { target: 'room', arguments: ['in r'] } })).status, 202);
        assert.deepEqual(await room.next(), ['in r']);

        const closed = new Promise((resolve) => onB.onclose(resolve));
        assert.equal((await restA('DELETE', `/connections/${onB.connectionId}`, { query: { reason: 'bye' } })).status, 200);
        const error = await closed;
        assert.match(String(error), /bye/);
        // The client's close can come before node B has seen its socket end; node B forgets the user then.
        let status = 0;
        for (const deadline = Date.now() + 10_000; Date.now() < deadline;) {
          status = (await restA('HEAD', '/users/ben')).status;
          if (status === 404) break;
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
        assert.equal(status, 404);
      } finally {
        await onA.stop();
        await onB.stop();
      }
    });
  }

  it('upstream events fire once, from the node that holds the connection', async () => {
    const onB = serviceClient(b, 'cluster', { user: 'una' });
    await onB.start();
    const id = onB.connectionId;
    try {
      assert.equal(await onB.invoke('echo', 'x'), 'upstream-ok');
    } finally {
      await onB.stop();
    }
    await until(() => events.some((e) => e.connectionId === id && e.url.endsWith('/disconnected')), 'the disconnected event');
    const mine = events.filter((e) => e.connectionId === id).map((e) => e.url);
    assert.deepEqual(mine, ['/upstream/cluster/connections/connected', '/upstream/cluster/messages/echo',
      '/upstream/cluster/connections/disconnected']);
  });
});
