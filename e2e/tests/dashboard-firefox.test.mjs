// The app host's dashboard and the chat page in Firefox (Debian's firefox-esr, driven over WebDriver BiDi with
// puppeteer-core): the same page contract as the Chromium test, checked in the second browser the issue names.
// Needs the built jar (./mvnw -q -DskipTests package) and /usr/bin/firefox-esr (bash .ci/install installs it).
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import puppeteer from 'puppeteer-core';
import { freePort } from '../support/service.mjs';
import { startChat } from '../support/sample-chat.mjs';

const firefoxPath = process.env.FIREFOX ?? '/usr/bin/firefox-esr';
const shots = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../target/screenshots');

/** Waits until an element matching `selector` contains `text`. */
async function waitForText(page, selector, text, timeout = 30_000) {
  try {
    await page.waitForFunction((s, t) => [...document.querySelectorAll(s)].some((e) => e.textContent.includes(t)),
      { timeout }, selector, text);
  } catch (e) {
    const seen = await page.evaluate((s) => [...document.querySelectorAll(s)].map((e) => e.textContent).join(' | '), selector);
    throw new Error(`'${text}' did not appear in ${selector} within ${timeout} ms; it shows: ${seen.slice(0, 2000)}`);
  }
}

describe('dashboard and chat page in Firefox', () => {
  let chat;
  let browser;
  let loginUrl;
  before(async () => {
    assert.ok(existsSync(firefoxPath), `Firefox is needed at ${firefoxPath}: apt-get install -y firefox-esr (or bash .ci/install), or set FIREFOX`);
    chat = await startChat({ port: await freePort() });
    const m = chat.output().match(/Dashboard: (http:\/\/localhost:\d+\/login\?t=[\w-]+)/);
    assert.ok(m, `the app host prints the dashboard's login URL:\n${chat.output()}`);
    loginUrl = m[1];
    browser = await puppeteer.launch({ browser: 'firefox', executablePath: firefoxPath, headless: true,
      extraPrefsFirefox: { 'network.http.http3.enable': false } });
    mkdirSync(shots, { recursive: true });
  });
  after(async () => {
    await browser?.close();
    await chat?.stop();
  });

  it('chats, and the dashboard shows resources, console output, the trace and the live SignalR trace', async (t) => {
    const dash = await browser.newPage();
    await dash.setViewport({ width: 1400, height: 860 });
    const errors = [];
    dash.on('pageerror', (e) => errors.push(String(e)));
    const started = Date.now();
    const response = await dash.goto(loginUrl);
    await dash.waitForSelector('#resources tr[data-resource="api"]', { timeout: 30_000 });
    t.diagnostic(`Firefox: login to resources shown: ${Date.now() - started} ms`);
    assert.equal(response.status(), 200);
    for (const name of ['signalr', 'api']) {
      await waitForText(dash, `#resources tr[data-resource="${name}"] td.state`, 'Running');
      await waitForText(dash, `#resources tr[data-resource="${name}"] td.health`, 'Healthy');
    }

    const chatPage = await browser.newPage();
    await chatPage.goto(chat.url);
    await chatPage.waitForFunction(() => document.querySelector('#status')?.classList.contains('connected'),
      { timeout: 30_000 });
    await chatPage.$eval('#user', (e) => { e.value = ''; }); // the page fills in a generated name
    await chatPage.type('#user', 'fiona');
    await chatPage.type('#text', 'hello from firefox');
    await chatPage.click('#send');
    await waitForText(chatPage, '#messages li', 'hello from firefox', 15_000);

    await dash.bringToFront();
    await dash.click('#tabs button[data-tab="console"]');
    await dash.select('#console-resource', 'api');
    await waitForText(dash, '#console-lines', "Broadcast newMessage from 'fiona'", 15_000);

    await dash.click('#tabs button[data-tab="traces"]');
    await waitForText(dash, '#traces tr.clickable', 'POST /send');

    await dash.click('#tabs button[data-tab="livetrace"]');
    await waitForText(dash, '#livetrace tr[data-kind="Rest"]', 'hello from firefox', 15_000);
    await dash.screenshot({ path: path.join(shots, 'dashboard-firefox-livetrace.png') });

    await dash.click('#tabs button[data-tab="metrics"]');
    await dash.waitForSelector('#metrics .chart', { timeout: 15_000 });

    assert.deepEqual(errors, [], 'no script errors on the dashboard in Firefox');
  });
});
