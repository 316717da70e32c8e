// The app host's dashboard over the chat sample, in headless Chromium: the login URL run mode prints, both
// resources running and healthy, the API's console output, a trace that follows a chat message from the API
// into the SignalR service, and the message in the live SignalR trace. Screenshots go to
// target/screenshots/. Needs the built jar (./mvnw -q -DskipTests package) and /usr/bin/chromium.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { freePort } from '../support/service.mjs';
import { startChat, requireChromium, chromiumPath, chromiumArgs } from '../support/sample-chat.mjs';

const shots = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../target/screenshots');

describe('dashboard over the chat sample', () => {
  let chat;
  let browser;
  let loginUrl;
  before(async () => {
    requireChromium();
    chat = await startChat({ port: await freePort() });
    const m = chat.output().match(/Dashboard: (http:\/\/localhost:\d+\/login\?t=[\w-]+)/);
    assert.ok(m, `the app host prints the dashboard's login URL:\n${chat.output()}`);
    loginUrl = m[1];
    browser = await chromium.launch({ executablePath: chromiumPath, headless: true, args: chromiumArgs });
    mkdirSync(shots, { recursive: true });
  });
  after(async () => {
    await browser?.close();
    await chat?.stop();
  });

  it('without the token the dashboard answers 401 and shows nothing', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const base = new URL(loginUrl).origin;
    for (const url of [base + '/', base + '/api/resources', base + '/login?t=wrong', base + '/login']) {
      const response = await page.goto(url);
      assert.equal(response.status(), 401, url);
      const body = await page.textContent('body');
      assert.doesNotMatch(body, /signalr|ConnectionStrings|AccessKey/, url);
    }
    assert.deepEqual(await context.cookies(), []);
    await context.close();
  });

  it('shows resources, console output, a message\'s trace and the live SignalR trace', async (t) => {
    const context = await browser.newContext({ viewport: { width: 1400, height: 860 } });
    const dash = await context.newPage();
    const errors = [];
    dash.on('pageerror', (e) => errors.push(String(e)));
    const started = Date.now();
    const response = await dash.goto(loginUrl);
    await dash.locator('#resources tr[data-resource="api"]').waitFor({ timeout: 30_000 });
    const loadMs = Date.now() - started;
    t.diagnostic(`login to resources shown: ${loadMs} ms`);
    // the issue asks for under a second on an idle machine; this one is shared, so only a gross regression fails
    assert.ok(loadMs < 3000, `the page took ${loadMs} ms to show the resources`);
    const reloadStarted = Date.now();
    await dash.reload();
    await dash.locator('#resources tr[data-resource="api"]').waitFor({ timeout: 30_000 });
    t.diagnostic(`reload to resources shown: ${Date.now() - reloadStarted} ms`);
    assert.equal(response.status(), 200);
    assert.equal(new URL(dash.url()).pathname, '/', 'the login redirects to the page');
    const cookies = await context.cookies();
    assert.equal(cookies.length, 1);
    assert.equal(cookies[0].httpOnly, true);

    // Resources: both running and healthy.
    for (const name of ['signalr', 'api']) {
      const row = dash.locator(`#resources tr[data-resource="${name}"]`);
      await row.locator('td.state', { hasText: 'Running' }).waitFor({ timeout: 30_000 });
      await row.locator('td.health', { hasText: 'Healthy' }).waitFor({ timeout: 30_000 });
    }
    await dash.click('#resources tr[data-resource="api"]');
    await dash.locator('#environment td', { hasText: 'OTEL_EXPORTER_OTLP_ENDPOINT' }).waitFor();
    const env = await dash.textContent('#environment');
    assert.doesNotMatch(env, /AccessKey=[A-Z0-9]/, 'the connection string\'s key is masked');
    await dash.screenshot({ path: path.join(shots, 'dashboard-resources.png') });

    // A chat message, sent from the chat page.
    const chatPage = await context.newPage();
    await chatPage.goto(chat.url);
    await chatPage.locator('#status', { hasText: /^connected$/ }).waitFor({ timeout: 30_000 });
    await chatPage.fill('#user', 'alice');
    await chatPage.fill('#text', 'hello dashboard');
    await chatPage.click('#send');
    await chatPage.locator('#messages li', { hasText: 'hello dashboard' }).waitFor({ timeout: 15_000 });

    // Console: the API's output, live.
    await dash.click('#tabs button[data-tab="console"]');
    await dash.selectOption('#console-resource', 'api');
    await dash.locator('#console-lines', { hasText: 'Chat API listening on' }).waitFor({ timeout: 15_000 });
    await dash.locator('#console-lines', { hasText: "Broadcast newMessage from 'alice'" }).waitFor({ timeout: 15_000 });
    await dash.screenshot({ path: path.join(shots, 'dashboard-console.png') });
    await dash.fill('#console-filter', 'Broadcast');
    await dash.waitForFunction(() => !document.querySelector('#console-lines').textContent.includes('Chat API listening'));
    await dash.screenshot({ path: path.join(shots, 'dashboard-console-filtered.png') });
    // The emulator runs in the app host's JVM: its console shows its start and its connections and REST calls.
    await dash.fill('#console-filter', '');
    await dash.selectOption('#console-resource', 'signalr');
    await dash.locator('#console-lines', { hasText: 'Hubbub service (emulator, serverless mode) listening at' }).waitFor({ timeout: 15_000 });
    await dash.locator('#console-lines', { hasText: 'Rest hub=chat' }).waitFor({ timeout: 15_000 });
    await dash.locator('#console-lines', { hasText: 'ConnectionOpened hub=chat' }).waitFor({ timeout: 15_000 });
    assert.doesNotMatch(await dash.textContent('#console-lines'), /AccessKey=[A-Z0-9]/);
    await dash.screenshot({ path: path.join(shots, 'dashboard-console-emulator.png') });

    // Traces: POST /send in the API, and the REST send in the service, one trace.
    await dash.click('#tabs button[data-tab="traces"]');
    const traceRow = dash.locator('#traces tr.clickable', { hasText: 'POST /send' }).filter({ hasText: 'signalr' });
    await traceRow.first().waitFor({ timeout: 30_000 });
    await traceRow.first().click();
    await dash.locator('#span-tree .span-row', { hasText: 'SignalR REST POST' }).waitFor({ timeout: 15_000 });
    await dash.locator('#span-tree .span-row', { hasText: 'POST /send' }).waitFor();
    const tree = await dash.textContent('#span-tree');
    assert.match(tree, /api/);
    assert.match(tree, /signalr/);
    await dash.screenshot({ path: path.join(shots, 'dashboard-traces.png') });

    // Structured logs and metrics from the API's OTLP export.
    await dash.click('#tabs button[data-tab="structured"]');
    await dash.locator('#structured td', { hasText: "Broadcast newMessage from 'alice'" }).waitFor({ timeout: 15_000 });
    await dash.screenshot({ path: path.join(shots, 'dashboard-structured-logs.png') });
    await dash.click('#tabs button[data-tab="metrics"]');
    await dash.locator('#metrics .chart').first().waitFor({ timeout: 15_000 });
    await dash.screenshot({ path: path.join(shots, 'dashboard-metrics.png') });

    // Live SignalR trace: the connection, the REST send carrying the message, the messages out.
    await dash.click('#tabs button[data-tab="livetrace"]');
    await dash.locator('#livetrace tr[data-kind="Rest"]', { hasText: 'hello dashboard' }).waitFor({ timeout: 15_000 });
    await dash.locator('#livetrace tr[data-kind="ConnectionOpened"]').first().waitFor();
    await dash.locator('#livetrace tr[data-kind="MessageOut"]').first().waitFor();
    await dash.locator('.counter[data-counter="signalr/Rest"]').waitFor();
    await dash.screenshot({ path: path.join(shots, 'dashboard-livetrace.png') });

    // Paused, the table keeps still while events arrive.
    await dash.click('#lt-pause');
    const rowsBefore = await dash.locator('#livetrace tbody tr').count();
    const restCount = Number(await dash.textContent('.counter[data-counter="signalr/Rest"] b'));
    await chatPage.fill('#text', 'while paused');
    await chatPage.click('#send');
    await chatPage.locator('#messages li', { hasText: 'while paused' }).waitFor({ timeout: 15_000 });
    // counters keep counting while the table is paused
    await dash.waitForFunction((n) => Number(document.querySelector('.counter[data-counter="signalr/Rest"] b').textContent) > n,
      restCount, { timeout: 15_000 });
    assert.equal(await dash.locator('#livetrace tbody tr').count(), rowsBefore);
    await dash.click('#lt-pause');
    await dash.locator('#livetrace tr[data-kind="Rest"]', { hasText: 'while paused' }).waitFor({ timeout: 15_000 });
    await dash.fill('#lt-filter', 'while paused');
    await dash.waitForFunction(() => [...document.querySelectorAll('#livetrace tbody tr')].every((r) => r.textContent.includes('while paused')));

    assert.deepEqual(errors, [], 'no script errors on the dashboard');
    await context.close();
  });
});
