// One driver layer for the end-to-end tests in Chromium, Firefox and WebKit, over W3C WebDriver
// classic (chromedriver; geckodriver with headless Firefox; WebKitWebDriver with WebKitGTK's
// MiniBrowser on an Xvfb display), through selenium-webdriver: the official client, whose
// plain W3C commands all three drivers answer. WebDriver classic rather than BiDi, because
// WebKitWebDriver has no BiDi yet and one mechanism for all three engines tests the same thing
// in each; selenium-webdriver rather than webdriverio, which puts a test runner's browser and
// driver management on top that this set-up (scripts/engines.mjs) does itself.
// Writing a test that runs in every engine (a short guide):
//
//   import { engines, newPage, open, useDemo } from './helpers.mjs';
//   engines((engine) => {                       // once per engine: a suite named chromium, firefox, webkit
//     let server, browser;
//     useDemo((s, b) => ([server, browser] = [s, b]));   // the demo server and this engine's browser
//     test('…what the shopper notices…', async () => {
//       const page = await newPage(browser);    // a fresh context: its own origin and storage
//       await open(page, `${server.base}/index.html`);
//       assert.equal(await page.evaluate(() => window.shelfwise.running), true);
//     });
//   });
//
// - Everything that needs a browser goes inside `engines()`; a test that needs none stays
//   outside it (the summary counts it under "no browser").
// - Use only the API listed below; it behaves the same in the three engines. No Playwright or
//   DevTools call (CDP sessions, CPU throttling, page.on events, tracing).
// - Wait for what the page shows (`waitForFunction`, `waitForSelector`), never for a time:
//   Firefox and WebKit take longer to start and to lay out than Chromium.
// - Where an engine lacks a web feature the engine uses, test the fallback in every engine by
//   removing the feature in an init script (`delete Element.prototype.moveBefore`), and check in
//   the test that it is gone.
// - A test that needs a Chromium-only feature is defined under `if (engine === 'chromium')`
//   and says "(Chromium only: <the feature>)" in its name.
// - Run one file in some engines: `SHELFWISE_ENGINES=webkit node --test tests/e2e/<file>`;
//   `SHELFWISE_DRIVER_DEBUG=1` prints what the browser set-up is doing.
//
// Playwright cannot drive these stock builds, so this layer gives the tests the part of
// Playwright's API they use, with the same names and meanings:
//
//   launch(engine) → Browser                  engine: 'chromium' | 'firefox' | 'webkit'
//   browser.newPage({ viewport }) → Page       a page in a new context (closes the previous one)
//   browser.newContext() → Context, browser.close(), browser.engine
//   context.newPage() → Page                   more tabs (windows) sharing storage
//   context.addInitScript(fn | source, arg)    runs before any script of every page of the context
//   context.route(matcher, handler)            handler(route): route.fulfill({ status, contentType,
//                                              body, json, headers, response }), route.abort(),
//                                              route.continue(), route.fetch() → response
//   context.requests                           [{ url, method, dest }] every request the test
//                                              servers got from the context (dest: Sec-Fetch-Dest)
//   context.cookies(), context.close()
//   page.goto(url, { referer }), page.reload(), page.close(), page.context(), page.content()
//   page.evaluate(fn | expression, arg)        fn runs in the page; arg and result cross as JSON
//                                              that keeps undefined, NaN, -0, BigInt and Date
//   page.waitForFunction(fn, arg, { timeout }) polls until fn(arg) is truthy (a throw counts as
//                                              not yet); resolves to its value
//   page.$(sel), page.$$(sel) → ElementHandle (evaluate(fn, arg), click()), page.$eval(sel, fn, arg),
//   page.$$eval(sel, fn, arg), page.click(sel), page.fill(sel, value), page.focus(sel),
//   page.inputValue(sel), page.textContent(sel), page.getAttribute(sel, name),
//   page.waitForSelector(sel, { state: 'visible' | 'attached' | 'hidden' | 'detached' }),
//   page.waitForURL(url | RegExp | fn), page.waitForTimeout(ms), page.keyboard.type(text),
//   page.locator(sel, { hasText }) / page.getByText(text) / page.getByRole(role, { name }) →
//   Locator (locator, getByText, getByRole, first, waitFor, click, textContent,
//   allTextContents, count), page.setViewportSize({ width, height }),
//   page.clock.install({ time }), page.clock.setSystemTime(time), page.clock.resume(),
//   page.addInitScript, page.route (those of its context),
//   page.messages ['type: text' console lines], page.errors [uncaught errors' messages],
//   page.violations ['directive blocked-URL' Content-Security-Policy violations, also of a
//                    Content-Security-Policy-Report-Only header: a way to see requests the page
//                    makes to other hosts]
//
// Selectors are CSS or `text=…`; CSS looks into open shadow roots (one selector does not cross
// a shadow boundary: chain locators for that). Differences from Playwright worth knowing:
// init scripts and routes belong to the context (a page's are its context's); clicks are
// WebDriver's element clicks (scrolled into view, retried while the element is covered or
// not yet interactable); the test clock sets Date (time runs on), timers stay real; console
// lines are recorded by a script the test servers put first in every HTML page, so only
// pages of the test servers (testServer(), through demo()) report them; a `referer` is a real
// link from that page, served by the browser's proxy, through which every request for another
// host goes (and is refused; the browsers' own traffic goes there too); `import()` in an evaluated function loads the page's
// own module instance (Firefox gives WebDriver's scripts a module map of their own). Each
// context is its own origin (a loopback address of its own), so storage never leaks from one
// test into the next.
export { launch, Browser, Context } from './driver/browser.mjs';
export { ElementHandle, Locator, Page } from './driver/page.mjs';
export { testServer } from './driver/server.mjs';
