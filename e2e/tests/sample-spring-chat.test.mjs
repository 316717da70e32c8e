// The Spring Boot chat sample (samples/spring-chat): the hub is a Spring bean on the WebFlux application's own port.
// Self-hosted, the official Node client connects to it over every transport and protocol; behind the dev service
// (the sample's default), two pages in headless Chromium chat. Needs the built jar (./mvnw -q -DskipTests package)
// and /usr/bin/chromium.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as signalR from '@microsoft/signalr';
import { MessagePackHubProtocol } from '@microsoft/signalr-protocol-msgpack';
import { chromium } from 'playwright-core';
import { COMBINATIONS, TRANSPORTS, recorder } from '../support/client.mjs';
import { requireChromium, chromiumPath, chromiumArgs } from '../support/sample-chat.mjs';
import { startSpringChat } from '../support/sample-spring-chat.mjs';

const target = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../target');

/**
 * Every request of the named pages and how it ended (a WebSocket's frames sent and received), so a page that
 * never connects shows which request hung or failed. Returns a function that lists them.
 */
function watchRequests(pages) {
  const requests = new Map();
  for (const [name, page] of pages) {
    page.on('request', (r) => requests.set(r, `${name} ${r.method()} ${r.url()}: pending`));
    page.on('requestfinished', async (r) => {
      const response = await r.response().catch(() => null);
      requests.set(r, `${name} ${r.method()} ${r.url()}: ${response ? response.status() : 'no response'}`);
    });
    page.on('requestfailed', (r) => requests.set(r, `${name} ${r.method()} ${r.url()}: failed ${r.failure()?.errorText}`));
    page.on('websocket', (ws) => {
      const state = { sent: 0, received: 0, end: 'open' };
      const show = () => requests.set(ws, `${name} WebSocket ${ws.url().replace(/access_token=[^&]*/, 'access_token=***')}: `
        + `${state.sent} frames sent, ${state.received} received, ${state.end}`);
      show();
      ws.on('framesent', () => { state.sent++; show(); });
      ws.on('framereceived', () => { state.received++; show(); });
      ws.on('socketerror', (e) => { state.end = `error ${e}`; show(); });
      ws.on('close', () => { state.end = 'closed'; show(); });
    });
  }
  return () => [...requests.values()].join('\n');
}

describe('Spring chat sample, self-hosted on the application port, official Node client', () => {
  let app;
  before(async () => {
    app = await startSpringChat({ args: ['--hubbub.signalr.dev-service.enabled=false'] });
  });
  after(async () => {
    await app?.stop();
  });

  it('a page in headless Chromium connects over WebSockets on the application port and chats', async () => {
    requireChromium();
    const browser = await chromium.launch({ executablePath: chromiumPath, headless: true, args: chromiumArgs });
    try {
      const page = await browser.newPage();
      const errors = [];
      page.on('pageerror', (e) => errors.push(String(e)));
      const sockets = [];
      page.on('websocket', (ws) => sockets.push(ws.url()));
      const requests = watchRequests([['page', page]]);
      try {
        await page.goto(app.url);
        await page.locator('#status.connected').waitFor({ timeout: 30_000 });
      } catch (e) {
        mkdirSync(target, { recursive: true });
        writeFileSync(path.join(target, 'sample-spring-chat-app.log'), app.output());
        throw new Error(`${e.message}\nrequests:\n${requests()}\npage errors: ${errors.join('; ')}\n`
          + `app output (last 6000 chars; all of it in target/sample-spring-chat-app.log):\n${app.output().slice(-6000)}`);
      }
      assert.ok(sockets.some((u) => u.startsWith(`ws://localhost:${app.port}/chat`)),
        `a WebSocket to the application's own port: ${sockets}`);
      await page.fill('#user', 'dora');
      await page.fill('#text', 'self-hosted in WebFlux');
      await page.click('#send');
      await page.locator('#messages li', { hasText: 'self-hosted in WebFlux' }).waitFor({ timeout: 15_000 });
      assert.deepEqual(errors, [], 'no script errors on the page');
    } finally {
      await browser.close();
    }
  });

  for (const [transport, protocol] of COMBINATIONS) {
    it(`negotiate, invoke and receive over ${transport} with ${protocol}`, async () => {
      const builder = new signalR.HubConnectionBuilder()
        .withUrl(`${app.url}chat`, { transport: TRANSPORTS[transport] })
        .configureLogging(signalR.LogLevel.Warning);
      if (protocol === 'messagepack') builder.withHubProtocol(new MessagePackHubProtocol());
      const connection = builder.build();
      const messages = recorder(connection, 'newMessage');
      await connection.start();
      try {
        const text = `over ${transport} with ${protocol}`;
        await connection.invoke('send', 'node', text);
        assert.deepEqual(await messages.next(), ['node', text]);
        const history = await (await fetch(`${app.url}history`)).json();
        assert.ok(history.some((m) => m.text === text), 'WebFlux serves /history on the same port');
      } finally {
        await connection.stop();
      }
    });
  }
});

describe('Spring chat sample in the browser, behind the dev service', () => {
  let app;
  let browser;
  before(async () => {
    requireChromium();
    app = await startSpringChat();
    assert.match(app.output(), /Hubbub dev service started in DEFAULT mode: ConnectionStrings__signalr=Endpoint=http:\/\/localhost:\d+;AccessKey=\*\*\*;/);
    browser = await chromium.launch({ executablePath: chromiumPath, headless: true, args: chromiumArgs });
  });
  after(async () => {
    await browser?.close();
    await app?.stop();
  });

  it('a message typed in one tab appears in the other', async () => {
    const context = await browser.newContext();
    const alice = await context.newPage();
    const bob = await context.newPage();
    const errors = [];
    const logs = [];
    for (const page of [alice, bob]) page.on('pageerror', (e) => errors.push(String(e)));
    for (const page of [alice, bob]) page.on('console', (m) => logs.push(`${m.type()}: ${m.text()}`));
    const requests = watchRequests([['alice', alice], ['bob', bob]]);
    for (const page of [alice, bob]) {
      try {
        await page.goto(app.url);
        await page.locator('#status.connected').waitFor({ timeout: 30_000 });
      } catch (e) {
        // Say why: what the pages logged and what the app (and its dev service) printed, then the app's threads
        // (SIGQUIT makes the JVM print them), to see where a request that never got its answer waits.
        const output = app.output();
        const pid = /with PID (\d+)/.exec(output)?.[1];
        let threads = '(no PID in the app output)';
        if (pid) {
          process.kill(Number(pid), 'SIGQUIT');
          await new Promise((resolve) => setTimeout(resolve, 2_000)); // diagnostics after the failure, not a wait
          threads = app.output().slice(output.length, output.length + 60_000);
        }
        mkdirSync(target, { recursive: true });
        writeFileSync(path.join(target, 'sample-spring-chat-app.log'), app.output());
        throw new Error(`${e.message}\npage console:\n${logs.join('\n')}\npage errors: ${errors.join('; ')}\n`
          + `requests:\n${requests()}\n`
          + `app output (last 6000 chars; all of it in target/sample-spring-chat-app.log):\n${output.slice(-6000)}\napp threads:\n${threads}`);
      }
    }
    await alice.fill('#user', 'alice');
    await alice.fill('#text', 'hello from a Spring hub');
    await alice.click('#send');
    const seenByBob = bob.locator('#messages li', { hasText: 'hello from a Spring hub' });
    await seenByBob.waitFor({ timeout: 15_000 });
    assert.equal(await seenByBob.locator('strong').textContent(), 'alice');
    mkdirSync(target, { recursive: true });
    await bob.screenshot({ path: path.join(target, 'sample-spring-chat.png'), fullPage: true });
    assert.deepEqual(errors, [], 'no script errors on the pages');
  });
});
