// The Java hub server (hubbub-server) driven by the official @microsoft/signalr client under Node, over every
// transport with JSON and MessagePack (MessagePack needs binary frames, so not over SSE). The same suite runs
// twice: against the self-hosted server, and against the same hubs behind the Hubbub service in Default mode
// (clients negotiate with the hub server and are redirected to the service, which routes them to the server
// over the service protocol).
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import * as signalR from '@microsoft/signalr';
import { freePort, startService } from '../support/service.mjs';
import { COMBINATIONS, recorder } from '../support/client.mjs';
import { startHubServer, hubClient } from '../support/server-hub.mjs';

/** A Subject whose items the test pushes, for client-to-server streams. */
function subject(items) {
  const s = new signalR.Subject();
  setTimeout(async () => {
    for (const item of items) { s.next(item); await new Promise((r) => setTimeout(r, 5)); }
    s.complete();
  }, 0);
  return s;
}

function collectStream(stream) {
  return new Promise((resolve, reject) => {
    const items = [];
    stream.subscribe({ next: (i) => items.push(i), complete: () => resolve(items), error: reject });
  });
}

const MODES = [['self-hosted', false], ['behind the service (Default mode)', true]];

for (const [mode, behindService] of MODES) describe(`${mode}: hub server with the official client`, () => {
  let service;
  let server;
  before(async () => {
    if (behindService) service = await startService({ args: ['--mode', 'Default'] });
    server = await startHubServer({ service });
  });
  after(async () => { await server?.stop(); await service?.stop(); });

  for (const [transport, protocol] of COMBINATIONS) {
    describe(`${transport} + ${protocol}`, () => {
      it('invokes methods with results and errors', async () => {
        const c = hubClient(server, { transport, protocol });
        await c.start();
        try {
          assert.equal(await c.invoke('echo', 'hi'), 'hi');
          assert.equal(await c.invoke('Add', 2, 40), 42);
          assert.deepEqual(await c.invoke('mirror', { x: 1.5, y: -2, label: 'p' }), { x: -1.5, y: 2, label: 'p!' });
          assert.equal(await c.invoke('nothing'), null);
          await assert.rejects(c.invoke('fail', 'told you'),
            { message: "An unexpected error occurred invoking 'fail' on the server. HubException: told you" });
          await assert.rejects(c.invoke('failHidden'),
            { message: "An unexpected error occurred invoking 'failHidden' on the server." });
          await assert.rejects(c.invoke('missing'),
            { message: "Failed to invoke 'missing' due to an error on the server. HubException: Method does not exist." });
          await assert.rejects(c.invoke('echo', 'a', 'b'),
            { message: "Failed to invoke 'echo' due to an error on the server." });
          await c.send('echo', 'fire and forget');
          assert.equal(await c.invoke('echo', 'still fine'), 'still fine');
        } finally {
          await c.stop();
        }
      });

      it('broadcasts, groups and users', async () => {
        const a = hubClient(server, { transport, protocol, user: `alice-${transport}-${protocol}` });
        const b = hubClient(server, { transport, protocol, user: `bob-${transport}-${protocol}` });
        const ma = recorder(a, 'message');
        const mb = recorder(b, 'message');
        await a.start();
        await b.start();
        try {
          await a.invoke('broadcast', 'to all');
          assert.deepEqual(await ma.next(), [a.connectionId, 'to all']);
          assert.deepEqual(await mb.next(), [a.connectionId, 'to all']);

          await b.invoke('join', 'g');
          await a.invoke('sendToGroup', 'g', 'to g');
          assert.deepEqual(await mb.next(), [a.connectionId, 'to g']);

          assert.equal(await b.invoke('whoAmI'), `bob-${transport}-${protocol}`);
          await b.invoke('sendToUser', `alice-${transport}-${protocol}`, 'to alice');
          assert.deepEqual(await ma.next(), [b.connectionId, 'to alice']);

          await b.invoke('leave', 'g');
          await a.invoke('sendToGroup', 'g', 'nobody');
          await a.invoke('broadcast', 'marker');
          assert.deepEqual(await mb.next(), [a.connectionId, 'marker'], 'the group send after leaving was not delivered');
          assert.deepEqual(await ma.next(), [a.connectionId, 'marker']);
        } finally {
          await a.stop();
          await b.stop();
        }
      });

      it('streams both ways', async () => {
        const c = hubClient(server, { transport, protocol });
        const collected = recorder(c, 'collected');
        await c.start();
        try {
          assert.deepEqual(await collectStream(c.stream('counter', 5, 5)), [0, 1, 2, 3, 4]);

          // Cancel a long stream after its first item: the server stops it and the client sees no more items.
          const first = await new Promise((resolve, reject) => {
            const sub = c.stream('counter', 1000, 20).subscribe({
              next: (i) => { sub.dispose(); resolve(i); }, complete: () => {}, error: reject,
            });
          });
          assert.equal(first, 0);

          assert.equal(await c.invoke('sum', subject([1, 2, 3, 4])), 10);
          await c.send('collect', subject(['a', 'b', 'c']));
          assert.deepEqual(await collected.next(), ['abc']);
          assert.equal(await c.invoke('echo', 'after streams'), 'after streams');
        } finally {
          await c.stop();
        }
      });

      it('carries dates: a JS Date in, a Date back (MessagePack timestamps; ISO-8601 text in JSON)', async () => {
        const c = hubClient(server, { transport, protocol });
        const sent = new Date(Date.UTC(2024, 0, 2, 3, 4, 5, 678));
        c.on('getTime', () => sent);
        // MessagePack: a Date is a timestamp extension both ways, bound to Instant, Date or OffsetDateTime on the
        // server. JSON: a Date goes as toISOString() text and comes back as the text System.Text.Json writes,
        // 'Z' for an instant and '+00:00' for a zero offset (the client does not revive strings as dates).
        const expectDate = (value, ms, jsonText) => {
          if (protocol === 'messagepack') {
            assert.ok(value instanceof Date, `expected a Date, got ${JSON.stringify(value)}`);
            assert.equal(value.getTime(), ms);
          } else {
            assert.equal(value, jsonText);
          }
        };
        const later = sent.getTime() + 1000;
        await c.start();
        try {
          expectDate(await c.invoke('later', sent, 1000), later, '2024-01-02T03:04:06.678Z');
          expectDate(await c.invoke('laterDate', sent, 1000), later, '2024-01-02T03:04:06.678Z');
          expectDate(await c.invoke('laterOffset', sent, 1000), later, '2024-01-02T03:04:06.678+00:00');
          const stamped = await c.invoke('stamp', 'x', sent);
          assert.equal(stamped.label, 'x');
          expectDate(stamped.at, sent.getTime(), '2024-01-02T03:04:05.678Z');
          // a client result carrying a date
          expectDate(await c.invoke('askTime'), later, '2024-01-02T03:04:06.678Z');
        } finally {
          await c.stop();
        }
      });

      it('asks the client for a result', async () => {
        const c = hubClient(server, { transport, protocol });
        c.on('getName', () => `node-${protocol}`);
        await c.start();
        try {
          assert.equal(await c.invoke('askName'), `Hello, node-${protocol}`);
        } finally {
          await c.stop();
        }
      });
    });
  }

  it('runs onConnected and onDisconnected', async () => {
    const observer = hubClient(server);
    const events = recorder(observer, 'event');
    await observer.start();
    try {
      await observer.invoke('observe');
      const c = hubClient(server, { transport: 'LongPolling', user: 'dora' });
      await c.start();
      const id = c.connectionId;
      assert.deepEqual(await events.next(), ['connected', id, 'dora']);
      await c.stop();
      assert.deepEqual(await events.next(), ['disconnected', id, null]);
    } finally {
      await observer.stop();
    }
  });
});

describe('stateful reconnect', () => {
  let server;
  before(async () => { server = await startHubServer(); });
  after(async () => { await server?.stop(); });

  for (const protocol of ['json', 'messagepack']) {
    it(`${protocol}: a dropped WebSocket comes back to the same connection without losing messages`, async () => {
      const c = hubClient(server, { protocol, stateful: true });
      const other = hubClient(server);
      const messages = recorder(c, 'message');
      await c.start();
      await other.start();
      try {
        const id = c.connectionId;
        assert.equal(await c.invoke('echo', 'before'), 'before');
        // Kill the socket under the client (no close frame), as a network drop would.
        c.connection.transport._webSocket.terminate();
        await other.invoke('broadcast', 'while away');
        assert.deepEqual(await messages.next(), [other.connectionId, 'while away']);
        assert.equal(await c.invoke('echo', 'after'), 'after');
        assert.equal(c.connectionId, id);
        assert.equal(c.state, signalR.HubConnectionState.Connected);
      } finally {
        await c.stop();
        await other.stop();
      }
    });
  }
});

for (const [mode, behindService] of MODES) describe(`${mode}: hub server restart`, () => {
  it('tells clients to reconnect and they come back to the new server on the same port', async () => {
    const port = await freePort();
    const service = behindService ? await startService({ args: ['--mode', 'Default'] }) : undefined;
    let server = await startHubServer({ port, service });
    const clients = [['WebSockets', 'json'], ['ServerSentEvents', 'json'], ['LongPolling', 'messagepack']]
      .map(([transport, protocol]) => hubClient(server, { transport, protocol, reconnect: { nextRetryDelayInMilliseconds: () => 250 } }));
    const reconnecting = clients.map((c) => new Promise((resolve) => c.onreconnecting(resolve)));
    const reconnected = clients.map((c) => new Promise((resolve) => c.onreconnected(resolve)));
    try {
      await Promise.all(clients.map((c) => c.start()));
      assert.equal(await clients[0].invoke('echo', 'before'), 'before');
      await server.stop();
      // A Close message with allowReconnect and no error: the clients reconnect instead of closing.
      await Promise.all(reconnecting);
      for (const c of clients) assert.equal(c.state, signalR.HubConnectionState.Reconnecting);
      server = await startHubServer({ port, service });
      await Promise.all(reconnected);
      for (const c of clients) {
        assert.equal(c.state, signalR.HubConnectionState.Connected);
        assert.equal(await c.invoke('echo', 'after'), 'after');
      }
    } finally {
      await Promise.all(clients.map((c) => c.stop()));
      await server.stop();
      await service?.stop();
    }
  });
});
