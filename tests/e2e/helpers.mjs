// Shared set-up of the end-to-end tests: the demo server, headless Chromium, and page helpers.
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { serve } from '../../scripts/serve.mjs';
import { root } from '../../scripts/setup.mjs';

export { root };

export const CHROME = process.env.CHROME_PATH || '/usr/bin/chromium';
const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

/** Starts the demo server (and optionally other mounts or headers); returns { base, close }. */
export async function demo(options = {}) {
  const server = await serve(options);
  return { base: `http://127.0.0.1:${server.address().port}`, close: () => new Promise((r) => server.close(r)) };
}

/** Launches headless Chromium. */
export function launch() {
  return chromium.launch({ executablePath: CHROME, args: ARGS });
}

/**
 * A new page in a fresh context that records console messages and page errors.
 * `page.messages` lists `type: text`; `page.errors` lists uncaught errors.
 */
export async function newPage(browser, contextOptions = {}) {
  const context = await browser.newContext(contextOptions);
  const page = await context.newPage();
  page.messages = [];
  page.errors = [];
  page.on('console', (m) => page.messages.push(`${m.type()}: ${m.text()}`));
  page.on('pageerror', (e) => page.errors.push(e.message));
  return page;
}

/** Opens a demo page and waits until the engine has started (or given up). */
export async function open(page, url) {
  await page.goto(url);
  await page.waitForFunction(() => window.shelfwise !== undefined, null, { timeout: 10_000 });
}

/** Item ids of a widget, in page order (hidden ones left out). */
export function order(page, widget) {
  return page.$$eval(`[data-sw-widget="${widget}"] > [data-sw-item]:not([hidden])`, (els) => els.map((e) => e.dataset.swItem));
}

/** Warnings and errors the engine printed. */
export function engineWarnings(page) {
  return page.messages.filter((m) => m.includes('[shelfwise]') && !m.startsWith('info'));
}

/** Path of the built package. */
export const pkg = join(root, 'pkg');
