// The chat sample as a newcomer runs it: the app host jar, two pages in headless Chromium, a message from
// one page shown in the other, then SIGTERM and no process left behind. Needs the built jar
// (./mvnw -q -DskipTests package) and /usr/bin/chromium.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { freePort, startService } from '../support/service.mjs';
import { startChat, descendants, isAlive, requireChromium, chromiumPath, chromiumArgs, chatJar } from '../support/sample-chat.mjs';

const target = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../target');

describe('chat sample in the browser', () => {
  let chat;
  let browser;
  before(async () => {
    requireChromium();
    chat = await startChat({ port: await freePort() });
    browser = await chromium.launch({ executablePath: chromiumPath, headless: true, args: chromiumArgs });
  });
  after(async () => {
    await browser?.close();
    await chat?.stop();
  });

  it('a message typed in one tab appears in the other, and SIGTERM stops every process', async () => {
    const context = await browser.newContext();
    const alice = await context.newPage();
    const bob = await context.newPage();
    const errors = [];
    for (const page of [alice, bob]) page.on('pageerror', (e) => errors.push(String(e)));

    for (const page of [alice, bob]) {
      await page.goto(chat.url);
      await page.locator('#status', { hasText: /^connected$/ }).waitFor({ timeout: 30_000 });
    }
    await alice.fill('#user', 'alice');
    await alice.fill('#text', 'hello from alice');
    await alice.click('#send');

    const seenByBob = bob.locator('#messages li', { hasText: 'hello from alice' });
    await seenByBob.waitFor({ timeout: 15_000 });
    assert.equal(await seenByBob.locator('strong').textContent(), 'alice');
    await alice.locator('#messages li', { hasText: 'hello from alice' }).waitFor({ timeout: 15_000 });
    // The page clears the box when its POST /send returns, which may come after the broadcast itself.
    await alice.waitForFunction(() => document.querySelector('#text').value === '', null, { timeout: 15_000 });

    mkdirSync(target, { recursive: true });
    await bob.screenshot({ path: path.join(target, 'sample-chat.png'), fullPage: true });
    assert.deepEqual(errors, [], 'no script errors on the pages');

    const tree = [chat.child.pid, ...descendants(chat.child.pid)];
    assert.ok(tree.length >= 2, `the app host runs the chat API as a child process: ${tree}`);
    await browser.close();
    browser = undefined;
    await chat.stop();
    const survivors = tree.filter(isAlive);
    assert.deepEqual(survivors, [], `processes left after SIGTERM:\n${chat.output()}`);
    assert.match(chat.output(), /Stopped/);
  });
});

describe('the standalone service and a browser page', () => {
  // What a newcomer does without the app host: start the service from its command line, point an app that
  // makes negotiate answers (here the chat sample's API) at its connection string, and open the app's page.
  let service;
  let api;
  let browser;
  before(async () => {
    requireChromium();
    service = await startService();
    const port = await freePort();
    api = spawn(process.env.JAVA ?? 'java', ['-cp', chatJar, 'dev.hubbub.samples.chat.ChatApi'], {
      env: { ...process.env, ConnectionStrings__signalr: service.connectionString, PORT: String(port) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    api.url = `http://localhost:${port}/`;
    const deadline = Date.now() + 30_000;
    for (;;) {
      try {
        if ((await fetch(`${api.url}health`)).status === 200) break;
      } catch { /* not listening yet */ }
      if (Date.now() > deadline || api.exitCode !== null) throw new Error('the chat API did not become healthy in 30 s');
      await new Promise((r) => setTimeout(r, 200));
    }
    browser = await chromium.launch({ executablePath: chromiumPath, headless: true, args: chromiumArgs });
  });
  after(async () => {
    await browser?.close();
    if (api && api.exitCode === null) {
      api.kill('SIGTERM');
      await once(api, 'exit');
    }
    await service?.stop();
  });

  it('a page connects to the service through the app and receives a broadcast', async () => {
    const page = await browser.newPage();
    await page.goto(api.url);
    await page.locator('#status', { hasText: /^connected$/ }).waitFor({ timeout: 30_000 });
    await page.fill('#user', 'carol');
    await page.fill('#text', 'straight to the standalone service');
    await page.click('#send');
    await page.locator('#messages li', { hasText: 'straight to the standalone service' }).waitFor({ timeout: 15_000 });
  });
});
