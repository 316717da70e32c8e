// Two (and three) Java hub servers on one real redis-server, driven by the official @microsoft/signalr client:
// broadcasts, groups, users, single connections and client results cross servers, over JSON and MessagePack;
// a crashed server's pending client result fails within the documented bound (docs/scale-out.md).
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { recorder } from '../support/client.mjs';
import { hubClient } from '../support/server-hub.mjs';
import { startRedis, startRedisHubServer } from '../support/server-redis.mjs';

describe('hub servers on a Redis backplane with the official client', () => {
  let redis;
  let a;
  let b;
  before(async () => {
    redis = await startRedis();
    [a, b] = await Promise.all([startRedisHubServer(redis), startRedisHubServer(redis)]);
  });
  after(async () => { await a?.stop(); await b?.stop(); await redis?.stop(); });

  /** Waits until server-side subscriptions of a new connection are in place: a direct send from the other server arrives. */
  async function reachable(from, to) {
    const id = await to.invoke('whoAmI');
    const direct = recorder(to, 'direct');
    for (let i = 0; i < 50; i++) {
      await from.invoke('toConnection', id, `probe ${i}`);
      try { await direct.next(100); return id; } catch { /* not subscribed yet */ }
    }
    throw new Error('the connection never became reachable from the other server');
  }

  for (const protocol of ['json', 'messagepack']) {
    it(`${protocol}: broadcast, group, user, connection and client result cross servers`, async () => {
      const onA = hubClient(a, { protocol, user: 'alice' });
      const onB = hubClient(b, { protocol, user: 'bob' });
      onB.on('getName', () => `bob via ${protocol}`);
      await onA.start();
      await onB.start();
      try {
        const bId = await reachable(onA, onB);
        await reachable(onB, onA);

        const messagesA = recorder(onA, 'message');
        const messagesB = recorder(onB, 'message');
        await onA.invoke('broadcast', 'hello all');
        assert.deepEqual(await messagesB.next(), ['hello all']);
        assert.deepEqual(await messagesA.next(), ['hello all']);

        await onB.invoke('join', 'room');
        const groupB = recorder(onB, 'groupMessage');
        await onA.invoke('toGroup', 'room', 'hello room');
        assert.deepEqual(await groupB.next(), ['room', 'hello room']);

        const userB = recorder(onB, 'userMessage');
        await onA.invoke('toUser', 'bob', 'hello bob');
        assert.deepEqual(await userB.next(), ['hello bob']);

        assert.equal(await onA.invoke('ask', bId), `bob via ${protocol}`);
      } finally {
        await onA.stop();
        await onB.stop();
      }
    });
  }

  it('a crashed server: its pending client result fails within the bound, other servers\' groups and users go on', async () => {
    const c = await startRedisHubServer(redis);
    const onA = hubClient(a, {});
    const onB = hubClient(b, { user: 'carol' });
    const onC = hubClient(c, {});
    let asked;
    const reachedC = new Promise((resolve) => { asked = resolve; });
    onC.on('getName', () => { asked(); return new Promise(() => {}); });   // never answers
    await onA.start();
    await onB.start();
    await onC.start();
    try {
      await reachable(onA, onB);
      await onB.invoke('join', 'survivors');
      const cId = await reachable(onA, onC);
      const pending = onA.invoke('ask', cId);
      pending.catch(() => {});
      await reachedC;
      const killed = Date.now();
      await c.kill();
      await assert.rejects(pending, /is gone/);
      const took = Date.now() - killed;
      assert.ok(took < 5_000, `failed after ${took} ms`);

      const group = recorder(onB, 'groupMessage');
      const user = recorder(onB, 'userMessage');
      await onA.invoke('toGroup', 'survivors', 'still here');
      await onA.invoke('toUser', 'carol', 'still you');
      assert.deepEqual(await group.next(), ['survivors', 'still here']);
      assert.deepEqual(await user.next(), ['still you']);
    } finally {
      await onA.stop();
      await onB.stop();
      await onC.stop().catch(() => {});
      await c.kill();
    }
  });
});
