// The browser engines of the tests as the set-up finds them: environment overrides first, then
// PATH and the usual places; on a fresh machine, what it installs (Debian packages, geckodriver
// from crates.io); when something cannot be had, a message naming each part and its fix.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { ENGINES, GECKODRIVER_VERSION, findEngine, installPlan, missingMessage, selectedEngines } from '../../scripts/engines.mjs';
import { root } from './helpers.mjs';

/** A machine with nothing installed: no file exists, PATH is empty. */
const fresh = { env: { PATH: '' }, exists: () => false, list: () => [] };

describe('finding the browser engines', () => {
  test('on a fresh machine every part is missing, and the plan installs each from Debian or crates.io', () => {
    const found = ENGINES.map((e) => findEngine(e, fresh));
    assert.deepEqual(found.map((f) => f.missing.map((m) => m.part)), [['browser', 'driver'], ['browser', 'driver'], ['browser', 'driver', 'display']]);
    assert.deepEqual(installPlan(found), {
      apt: ['chromium', 'chromium-driver', 'firefox-esr', 'webkit2gtk-driver', 'xvfb'],
      cargo: [['geckodriver', GECKODRIVER_VERSION]],
    });
  });

  test('when a part cannot be installed, the message names it, its variable and the command that fixes it', () => {
    const message = missingMessage(ENGINES.map((e) => findEngine(e, fresh)));
    for (const line of [
      'chromium: Chromium: not found. Fix: sudo apt-get install chromium (Debian/Ubuntu), or point CHROME_PATH at yours',
      'chromium: ChromeDriver: not found. Fix: sudo apt-get install chromium-driver (Debian/Ubuntu), or point CHROMEDRIVER at yours',
      'firefox: Firefox: not found. Fix: sudo apt-get install firefox-esr (Debian/Ubuntu), or point FIREFOX_PATH at yours',
      `firefox: geckodriver: not found. Fix: cargo install geckodriver --version ${GECKODRIVER_VERSION}, or point GECKODRIVER at yours`,
      'webkit: WebKitGTK MiniBrowser: not found. Fix: sudo apt-get install webkit2gtk-driver (Debian/Ubuntu), or point MINIBROWSER_PATH at yours',
      'webkit: WebKitWebDriver: not found. Fix: sudo apt-get install webkit2gtk-driver (Debian/Ubuntu), or point WEBKITWEBDRIVER at yours',
      'webkit: Xvfb (a virtual X display for WebKitGTK): not found. Fix: sudo apt-get install xvfb (Debian/Ubuntu), or point XVFB at yours',
    ]) assert.ok(message.includes(line), `${line}\nin\n${message}`);
    assert.match(message, /SHELFWISE_ENGINES=chromium,firefox npm test/);
  });

  test('an override is used as given; one that points nowhere is reported, not installed over', () => {
    const here = { env: { PATH: '', FIREFOX_PATH: '/opt/firefox/firefox', GECKODRIVER: '/nowhere/geckodriver' }, exists: (p) => p === '/opt/firefox/firefox', list: () => [] };
    const found = findEngine('firefox', here);
    assert.equal(found.browser, '/opt/firefox/firefox');
    assert.deepEqual(found.missing.map((m) => [m.part, m.why]), [['driver', 'GECKODRIVER points at /nowhere/geckodriver, which does not exist']]);
    assert.deepEqual(installPlan([found]), { apt: [], cargo: [] });
    assert.match(missingMessage([found]), /firefox: geckodriver: GECKODRIVER points at \/nowhere\/geckodriver, which does not exist\. Fix: point GECKODRIVER at it/);
  });

  test('drivers are found on PATH, geckodriver also where cargo installs it, MiniBrowser in WebKitGTK\'s folder', () => {
    const bin = mkdtempSync(join(tmpdir(), 'sw-bin-'));
    for (const name of ['chromedriver', 'WebKitWebDriver', 'Xvfb']) {
      writeFileSync(join(bin, name), '#!/bin/sh\n');
      chmodSync(join(bin, name), 0o755);
    }
    const files = new Set([join(bin, 'chromedriver'), join(bin, 'WebKitWebDriver'), join(bin, 'Xvfb'), '/usr/bin/chromium', '/home/me/.cargo/bin/geckodriver', '/usr/bin/firefox-esr', '/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser']);
    const machine = { env: { PATH: `/nonexistent:${bin}`, CARGO_HOME: '/home/me/.cargo' }, exists: (p) => files.has(p), list: (d) => (d === '/usr/lib' ? ['x86_64-linux-gnu'] : []) };
    const [chromium, firefox, webkit] = ENGINES.map((e) => findEngine(e, machine));
    assert.deepEqual([chromium.browser, chromium.driver, chromium.missing], ['/usr/bin/chromium', join(bin, 'chromedriver'), []]);
    assert.deepEqual([firefox.browser, firefox.driver, firefox.missing], ['/usr/bin/firefox-esr', '/home/me/.cargo/bin/geckodriver', []]);
    assert.deepEqual([webkit.browser, webkit.driver, webkit.display, webkit.missing], ['/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser', join(bin, 'WebKitWebDriver'), join(bin, 'Xvfb'), []]);
  });

  test('SHELFWISE_ENGINES picks engines, in the usual order; an unknown name is an error that lists the engines', () => {
    assert.deepEqual(selectedEngines({}), ['chromium', 'firefox', 'webkit']);
    assert.deepEqual(selectedEngines({ SHELFWISE_ENGINES: 'WebKit, chromium' }), ['chromium', 'webkit']);
    assert.throws(() => selectedEngines({ SHELFWISE_ENGINES: 'safari' }), /SHELFWISE_ENGINES names safari; the engines are chromium, firefox, webkit/);
  });

  test('the set-up fails with that message, before any test runs, when an engine cannot be had', () => {
    const r = spawnSync(process.execPath, ['scripts/setup.mjs', '--browser'], {
      cwd: root,
      encoding: 'utf8',
      env: { ...process.env, SHELFWISE_ENGINES: 'chromium', CHROME_PATH: '/nowhere/chromium' },
    });
    assert.equal(r.status, 1, r.stdout + r.stderr);
    assert.match(r.stderr, /chromium: Chromium: CHROME_PATH points at \/nowhere\/chromium, which does not exist\. Fix: point CHROME_PATH at it/);
    assert.doesNotMatch(r.stdout, /installing chromium/, 'nothing is installed over an override');
  });
});
