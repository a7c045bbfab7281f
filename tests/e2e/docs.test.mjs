// The documentation as a newcomer meets it, run: every config and condition in docs/ is valid,
// every link lands, the Getting started pages work as written (plain HTML clicked through in
// each browser engine, the Vite snippet built, the React recipe built with Vite from the packed
// package and clicked through, the plain-JavaScript `ranking` example run), the JavaScript API
// page matches the declarations, the TypeScript examples type-check, every console message is
// explained, debug mode says what happens, the demo says what to try, and the npm package holds
// what a user needs and nothing else.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { classifier } from './fixtures/docs-configs.mjs';
import { codeSpans, declared, docs, fences, headingName, headings, links, messages, normalize, read, section, tableRows } from './fixtures/docs-markdown.mjs';
import { buildApp, reactRecipe } from './apps.mjs';
import { demo, engines, engineWarnings, newPage, open, openShop, order, pkg, root, shopPage, useDemo } from './helpers.mjs';

const node = await import('../../pkg/node.js');
const PAGES = docs(root);
const DEMO = JSON.parse(read(root, 'www/shelfwise.config.json'));
const classify = classifier(DEMO, Object.keys(JSON.parse(read(root, 'pkg/config.schema.json')).properties));
const TSC = join(root, 'node_modules/.bin/tsc');

const jsonBlocks = PAGES.flatMap(({ name, md }) => fences(md).filter((b) => b.lang === 'json').map((b) => ({ ...b, where: `docs/${name}:${b.line}`, ...classify(b.text) })));

/** Runs tsc; resolves to its output, failing the test with it when it reports errors. */
function tsc(args) {
  const r = spawnSync(TSC, args, { cwd: root, encoding: 'utf8' });
  assert.equal(r.status, 0, `tsc ${args.join(' ')}\n${r.stdout}${r.stderr}`);
}

describe('the docs as data', () => {
  test('README lists every page of docs/ and every relative link of the docs lands on a file and heading', () => {
    const readme = read(root, 'README.md');
    const listed = links(section(readme, 'Documentation')).map((l) => l.target).filter((t) => t.startsWith('docs/'));
    assert.deepEqual([...new Set(listed)].sort(), PAGES.map((p) => `docs/${p.name}`));
    const broken = [];
    for (const [file, md] of [['README.md', readme], ...PAGES.map((p) => [`docs/${p.name}`, p.md])]) {
      for (const { target, line } of links(md)) {
        const [path, anchor] = target.split('#');
        const to = path ? join(dirname(join(root, file)), path) : join(root, file);
        if (!existsSync(to)) broken.push(`${file}:${line}: ${target} (no such file)`);
        else if (anchor && to.endsWith('.md') && !headings(readFileSync(to, 'utf8')).some((h) => h.anchor === anchor)) {
          broken.push(`${file}:${line}: ${target} (no such heading)`);
        }
      }
    }
    assert.deepEqual(broken, []);
  });

  test('every JSON block is a config, a fragment, a rule or a documented output', () => {
    const odd = jsonBlocks.filter((b) => ['not JSON', 'unknown'].includes(b.kind)).map((b) => `${b.where}: ${b.kind} (${b.why})`);
    assert.deepEqual(odd, []);
    assert.ok(jsonBlocks.filter((b) => b.kind === 'config').length >= 3, 'the docs show full configs');
  });

  test('every full config in the docs passes validateConfig', async () => {
    const configs = jsonBlocks.filter((b) => b.kind === 'config');
    const failing = (await Promise.all(configs.map(async (b) => (await node.validateConfig(b.config)).map((e) => `${b.where}: ${e.path}: ${e.message}`)))).flat();
    assert.deepEqual(failing, []);
  });

  test('every config fragment and rule in the docs is valid inside the demo shop config', async () => {
    const parts = jsonBlocks.filter((b) => b.kind === 'fragment' || b.kind === 'rule');
    assert.ok(parts.length >= 10);
    const failing = (await Promise.all(parts.map(async (b) => (await node.validateConfig(b.config)).map((e) => `${b.where}: ${e.path}: ${e.message}`)))).flat();
    assert.deepEqual(failing, []);
  });

  test('every example condition of the attributes reference is a valid segment condition', async () => {
    const md = PAGES.find((p) => p.name === 'attributes.md').md;
    const conditions = tableRows(md)
      .map((cells) => codeSpans(cells.at(-1) ?? '')[0])
      .filter((c) => c?.startsWith('{'))
      .map((c) => JSON.parse(c));
    assert.ok(conditions.length >= 50, `${conditions.length} conditions found`);
    const failing = (
      await Promise.all(
        conditions.map(async (cond) =>
          (await node.validateConfig({ ...DEMO, segments: [...DEMO.segments, { id: 'doc-example', if: cond }] })).map((e) => `${JSON.stringify(cond)}: ${e.path}: ${e.message}`),
        ),
      )
    ).flat();
    assert.deepEqual(failing, []);
  });

  test('docs/api.md has a heading for every declared function and engine member, and for nothing else', () => {
    const api = read(root, 'docs/api.md');
    const names = (title) => headings(section(api, title)).filter((h) => h.level === 3).map((h) => headingName(h.text)).sort();
    const index = declared(join(root, 'js/index.d.ts'));
    const debug = declared(join(root, 'js/debug.d.ts'));
    const panel = declared(join(root, 'js/panel.d.ts'));
    const react = declared(join(root, 'js/react.d.ts'));
    const vue = declared(join(root, 'js/vue.d.ts'));
    assert.deepEqual(names('Module functions'), [...index.functions].sort());
    assert.deepEqual(names('The engine'), [...index.interfaces.Shelfwise].sort());
    assert.deepEqual(names('Debug overlay'), [...debug.functions].sort());
    assert.deepEqual(names('React'), [...react.functions].sort());
    assert.deepEqual(names('Vue'), [...vue.functions].sort());
    assert.deepEqual(names('Privacy panel'), [...panel.functions, ...Object.keys(panel.classes), ...panel.classes.ShelfwisePrivacy].sort());
  });

  test('the declarations match the modules: every export and engine member exists, in Node too', async () => {
    const index = declared(join(root, 'js/index.d.ts'));
    assert.deepEqual(Object.keys(node).sort(), [...index.functions].sort());
    assert.deepEqual(Object.keys(await node.start()).sort(), [...index.interfaces.Shelfwise].sort());
    for (const f of ['index.d.ts', 'debug.d.ts', 'panel.d.ts']) {
      assert.equal(read(root, `pkg/${f}`), read(root, `js/${f}`), `pkg/${f} is older than js/${f}: run npm run build`);
    }
  });

  test('every console message of the engine is explained in docs/troubleshooting.md', () => {
    const doc = normalize(read(root, 'docs/troubleshooting.md'));
    const found = messages(root, [
      'panic requested by a test build', // only in the test build that panics on purpose
      'button, input, select, textarea', // a selector list
      '(a value that cannot be shown)', // a stand-in inside other messages
      '"error":"the engine is not running"', // a return value
    ]);
    assert.ok(found.length >= 25, `${found.length} messages found`);
    const missing = found.filter((m) => !m.pattern.test(doc)).map((m) => `${m.file}: ${m.text}`);
    assert.deepEqual(missing, []);
  });

  test('the docs have one React recipe: every example that uses shelfwise/react is the one Getting started builds', () => {
    const recipes = [['README.md', read(root, 'README.md')], ...PAGES.map((p) => [`docs/${p.name}`, p.md])].flatMap(([file, md]) =>
      fences(md).filter((b) => b.text.includes("'shelfwise/react'")).map((b) => `${file}:${b.line}`),
    );
    assert.equal(recipes.length, 1, recipes.join(' '));
  });
});

describe('TypeScript', () => {
  test('the examples in tests/types type-check with moduleResolution "bundler"', () => tsc(['-p', 'tests/types', '--noEmit']));

  test('the examples in tests/types type-check with moduleResolution "nodenext"', () => tsc(['-p', 'tests/types/tsconfig.nodenext.json', '--noEmit']));

  test('every JavaScript and TypeScript example of the docs and the README type-checks against the declarations', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sw-docs-js-'));
    let n = 0;
    for (const [file, md] of [['README.md', read(root, 'README.md')], ...PAGES.map((p) => [`docs/${p.name}`, p.md])]) {
      for (const b of fences(md)) {
        const code = ['js', 'ts'].includes(b.lang) ? [b.text] : b.lang === 'html' ? [...b.text.matchAll(/<script type="module">([\s\S]*?)<\/script>/g)].map((m) => m[1]) : [];
        // Each example is a module of its own; the plain HTML page's './pkg/shelfwise.js' is the package.
        code.forEach((c, i) => writeFileSync(join(dir, `${file.replace(/\W/g, '-')}-line-${b.line}-${i}.${b.lang === 'ts' ? 'ts' : 'js'}`), `${c.replaceAll("'./pkg/shelfwise.js'", "'shelfwise'")}\nexport {};\n`));
        n += code.length;
      }
    }
    assert.ok(n >= 20, `${n} examples found`);
    // What the examples take as given: the started engine, a config, a product list, the imports of docs/api.md.
    writeFileSync(join(dir, 'given.d.ts'), `import type { Shelfwise, ShelfwiseConfig } from 'shelfwise';
declare global {
  var sw: Shelfwise;
  var config: ShelfwiseConfig;
  var products: Array<{ id: string; name: string; brand?: string; category?: string; price?: number; tags?: string[]; related?: string[] }>;
  var evalCondition: typeof import('shelfwise').evalCondition;
  var validateConfig: typeof import('shelfwise').validateConfig;
  var describeReason: typeof import('shelfwise/debug').describeReason;
  var dataLayer: unknown[];
  interface Window { dataLayer: unknown[]; shelfwise: Shelfwise }
}
`);
    writeFileSync(join(dir, 'shelfwise.config.json'), JSON.stringify(DEMO));
    const paths = Object.fromEntries(['index', 'debug', 'panel'].map((m) => [m === 'index' ? 'shelfwise' : `shelfwise/${m}`, [join(pkg, `${m}.d.ts`)]]));
    paths.preact = [join(root, 'node_modules/preact/src/index.d.ts')];
    paths['preact/hooks'] = [join(root, 'node_modules/preact/hooks/src/index.d.ts')];
    // Plain JavaScript as the docs write it: names, calls and options are checked, not null-safety.
    const compilerOptions = { allowJs: true, checkJs: true, noEmit: true, strict: false, resolveJsonModule: true, target: 'es2022', module: 'esnext', moduleResolution: 'bundler', lib: ['es2022', 'dom', 'dom.iterable'], types: [], paths };
    writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions, include: ['*.js', '*.ts'] }));
    tsc(['-p', join(dir, 'tsconfig.json')]);
  });

  test('every config in the docs is a ShelfwiseConfig, and a wrong key is a type error', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sw-docs-ts-'));
    const configs = jsonBlocks.filter((b) => b.config).map((b, i) => `// ${b.where}\nexport const c${i}: ShelfwiseConfig = ${JSON.stringify(b.config)};`);
    writeFileSync(join(dir, 'configs.ts'), `import type { ShelfwiseConfig } from 'shelfwise';\n${configs.join('\n')}\n`);
    writeFileSync(join(dir, 'wrong.ts'), `import type { ShelfwiseConfig } from 'shelfwise';\nexport const c: ShelfwiseConfig = { version: 1, segmnts: [] };\n`);
    const options = { strict: true, noEmit: true, target: 'es2022', module: 'esnext', moduleResolution: 'bundler', lib: ['es2022', 'dom'], types: [], paths: { shelfwise: [join(pkg, 'index.d.ts')] } };
    writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions: options, files: ['configs.ts'] }));
    writeFileSync(join(dir, 'tsconfig.wrong.json'), JSON.stringify({ compilerOptions: options, files: ['wrong.ts'] }));
    tsc(['-p', join(dir, 'tsconfig.json')]);
    const wrong = spawnSync(TSC, ['-p', join(dir, 'tsconfig.wrong.json')], { encoding: 'utf8' });
    assert.equal(wrong.status, 2);
    assert.match(wrong.stdout, /'segmnts' does not exist in type 'ShelfwiseConfig'. Did you mean to write 'segments'\?/);
  });
});

engines(() => {
  let browser;
  let server;
  useDemo((s, b) => ([server, browser] = [s, b]));

  describe('Getting started, followed to the letter', () => {
    const guide = read(root, 'docs/getting-started.md');
    let server;
    const dir = mkdtempSync(join(tmpdir(), 'sw-getting-started-'));
    before(async () => {
      writeFileSync(join(dir, 'index.html'), fences(section(guide, '1. A plain HTML page')).find((b) => b.lang === 'html').text);
    server = await demo({ mounts: { '/pkg/': pkg, '/': dir } });
    });
    after(async () => {
      await server?.close();
    });

    test('the plain HTML page: click "Zenith cap", reload, and the Zenith products come first', async () => {
      const page = await newPage(browser);
      await open(page, `${server.base}/`);
      await page.waitForSelector('[data-sw-widget="bestsellers"][data-sw-ready="personalized"]');
      assert.deepEqual(await order(page, 'bestsellers'), ['tee-1', 'cap-1', 'tee-2', 'cap-2'], 'a new visitor sees the page order');
      await page.getByText('Zenith cap').click();
      await page.reload();
      await page.waitForFunction(() => window.shelfwise !== undefined);
      await page.waitForSelector('[data-sw-widget="bestsellers"][data-sw-ready="personalized"]');
      assert.deepEqual(await order(page, 'bestsellers'), ['tee-2', 'cap-2', 'tee-1', 'cap-1']);
      assert.deepEqual(await page.evaluate(() => Object.keys(localStorage)), ['shelfwise:profile'], 'the one key the guide shows');
      assert.ok((await page.evaluate(() => window.shelfwise.attributes().affinity.brand.Zenith)) > 0);
      assert.deepEqual(engineWarnings(page), []);
      assert.deepEqual(page.errors, []);
    });

    test('every attribute the reference lists is in the live document, and every fixed one there is listed', async () => {
      const page = await newPage(browser);
      await open(page, `${server.base}/`);
      await page.getByText('Zenith cap').click();
      const live = await page.evaluate(() => window.shelfwise.attributes());
      const md = read(root, 'docs/attributes.md');
      const groups = codeSpans(/The document has \w+ groups: ([^.]*)\./.exec(md)[1]);
      assert.deepEqual(Object.keys(live).sort(), [...groups].sort());
      const listed = tableRows(md).flatMap((cells) => codeSpans(cells[0])).filter((n) => /^[a-z]/.test(n) && !n.includes('<'));
      const at = (path) => path.split('.').reduce((v, k) => (v == null ? undefined : v[k]), live);
      assert.deepEqual(listed.filter((n) => !n.startsWith('utm.') && at(n) === undefined), [], 'documented but missing');
      const fixed = ['visit', 'session', 'device', 'page', 'referrer', 'time', 'orders', 'cart', 'history', 'affinity.top'];
      const unlisted = fixed.flatMap((g) => Object.keys(at(g)).map((k) => `${g}.${k}`)).filter((n) => !listed.includes(n));
      assert.deepEqual(unlisted, [], 'in the document but not in the reference');
    });

    test('the Vite snippet builds with no configuration and starts the engine', async () => {
      const app = mkdtempSync(join(tmpdir(), 'sw-docs-vite-'));
      writeFileSync(join(app, 'main.js'), fences(section(guide, '2. With a bundler')).find((b) => b.lang === 'js').text);
      writeFileSync(join(app, 'shelfwise.config.json'), JSON.stringify(DEMO));
      cpSync(join(root, 'tests/e2e/fixtures/docs-vite/index.html'), join(app, 'index.html'));
      const { build } = await import('vite');
      await build({ root: app, configFile: false, logLevel: 'error', resolve: { alias: { shelfwise: root } }, build: { outDir: join(app, 'dist') } });
      const built = await demo({ mounts: { '/': join(app, 'dist') } });
      try {
        const page = await newPage(browser);
        await page.goto(`${built.base}/`);
        await page.waitForSelector('[data-sw-widget="home-trending"][data-sw-ready="personalized"]');
        assert.deepEqual(engineWarnings(page), []);
        assert.deepEqual(page.errors, []);
      } finally {
        await built.close();
      }
    });

    test('the React recipe, built with Vite from the packed package: the shop\'s order, still on screen after a click, the visitor\'s order after a reload', async () => {
      const built = buildApp('react', { files: { 'src/recipe.jsx': await reactRecipe() } });
      const site = await demo({ mounts: { '/': built.client } });
      try {
        const page = await newPage(browser);
        const names = () => page.$$eval('#app li', (els) => els.map((e) => e.textContent));
        const ready = () => page.waitForFunction(() => window.shelfwise?.running && document.querySelectorAll('#app li').length === 4);
        await page.goto(`${site.base}/recipe.html`);
        await ready();
        assert.deepEqual(await names(), ['Acme tee', 'Acme cap', 'Zenith tee', 'Zenith cap'], 'no signal yet: the given order');
        await page.waitForFunction(() => window.shelfwise.report().personalized.exposures === 1);
        await page.click('text=Zenith cap');
        await page.waitForFunction(() => window.shelfwise.attributes().affinity.brand?.Zenith > 0);
        await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
        assert.deepEqual(await names(), ['Acme tee', 'Acme cap', 'Zenith tee', 'Zenith cap'], 'the shelf on screen keeps still');
        assert.equal(await page.evaluate(() => window.shelfwise.report().personalized.clicks), 1, 'the click on a shown item counts');
        await page.evaluate(() => window.shelfwise.flush());
      await page.reload();
        await ready();
        assert.deepEqual(await names(), ['Zenith tee', 'Zenith cap', 'Acme tee', 'Acme cap']);
        assert.deepEqual(page.messages.filter((m) => /^(warning|error)/.test(m)), []);
        assert.deepEqual(page.errors, []);
      } finally {
        await site.close();
      }
    });

    test('the `ranking` example of the JavaScript API renders a shelf by hand that follows the engine and keeps still on screen', async () => {
      const example = fences(section(read(root, 'docs/api.md'), '`on(type, callback)`')).find((b) => b.lang === 'js').text;
      const products = [
        { id: 'a', name: 'Acme tee', brand: 'Acme' },
        { id: 'z', name: 'Zenith tee', brand: 'Zenith' },
      ];
      const page = await newPage(browser);
      const url = await shopPage(page, server.base, 'ranking-example', {
        config: { version: 1, strategy: { rules: [{ rule: 'affinity', by: ['brand'], weight: 10 }] } },
        head: `window.products = ${JSON.stringify(products)};`,
        body: '<ul id="picks"></ul><div style="height:3000px"></div>',
        afterStart: example,
      });
      await openShop(page, url);
      const names = () => page.$$eval('#picks li', (els) => els.map((e) => e.textContent));
      assert.deepEqual(await names(), ['Acme tee', 'Zenith tee']);
      await page.waitForFunction(() => window.sw.report().personalized.exposures === 1);
      await page.evaluate(() => window.sw.track('view_item', { items: [{ item_id: 'z', item_brand: 'Zenith' }] }));
      await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
      assert.deepEqual(await names(), ['Acme tee', 'Zenith tee'], 'on screen: still');
      await page.evaluate(() => scrollTo(0, 2000));
      await page.waitForFunction(() => document.querySelector('#picks li').textContent === 'Zenith tee');
      assert.deepEqual(engineWarnings(page), []);
      assert.deepEqual(page.errors, []);
    });
  });

  describe('debug mode, the demo, and what is stored', () => {
    /** A page with one shelf, started with `startWith` (source of the start options); its info lines. */
    async function debugPage(query, startWith) {
      const page = await newPage(browser);
      const config = {
        version: 1,
        segments: [{ id: 'zenith-fan', if: { 'affinity.top.brand': 'Zenith' } }],
        strategy: { rules: [{ rule: 'affinity', by: ['brand'], weight: 10 }], reorderWhileVisible: true },
      };
      const html = `<!doctype html><meta charset="utf-8"><ul data-sw-widget="shelf"><li data-sw-item="p1" data-sw-brand="Acme">Acme</li><li data-sw-item="p2" data-sw-brand="Zenith">Zenith</li></ul>
  <script type="module">import { start } from '/pkg/shelfwise.js'; const config = ${JSON.stringify(config)}; window.sw = await start(${startWith});</script>`;
      await page.context().route((u) => u.pathname === '/debug.html', (r) => r.fulfill({ contentType: 'text/html', body: html }));
      await page.goto(`${server.base}/debug.html${query}`);
      await page.waitForFunction(() => window.sw);
      await page.evaluate(() => window.sw.track('view_item', { items: [{ item_id: 'p2', item_brand: 'Zenith' }] }));
      await page.waitForFunction(() => document.querySelector('li').dataset.swItem === 'p2');
      assert.deepEqual(engineWarnings(page), []);
      return page.messages.filter((m) => m.startsWith('info: [shelfwise]'));
    }

    test('debug mode logs each event, segment change and reorder in one line (?sw-debug, start option, config)', async () => {
      const lines = await debugPage('?sw-debug', '{ config }');
      assert.ok(lines.includes('info: [shelfwise] event page_view (0 items)'), lines.join('\n'));
      assert.ok(lines.includes('info: [shelfwise] event view_item (1 item) -> segments +[zenith-fan] -[]'), lines.join('\n'));
      assert.ok(lines.includes('info: [shelfwise] reordered widget "shelf": p2 p1'), lines.join('\n'));
      for (const startWith of ['{ config, debug: true }', '{ config: { ...config, debug: true } }']) {
        assert.ok((await debugPage('', startWith)).includes('info: [shelfwise] event view_item (1 item) -> segments +[zenith-fan] -[]'), startWith);
      }
      assert.deepEqual(await debugPage('', '{ config }'), [], 'quiet without debug mode');
    });

    test('the rejected events docs/events.md shows as calls give the messages it shows', async () => {
      const rows = tableRows(section(read(root, 'docs/events.md'), 'What is rejected, and why')).filter((cells) => /^`track\(/.test(cells[1] ?? ''));
      assert.ok(rows.length >= 5, `${rows.length} rows`);
      const page = await newPage(browser);
      await open(page, `${server.base}/`);
      for (const [, example, message] of rows) {
        assert.equal(await page.evaluate(`window.shelfwise.${codeSpans(example)[0]}.error`), codeSpans(message)[0], example);
      }
    });

    test('the stored profile has exactly the fields docs/privacy.md describes, at the format version it names', async () => {
      const page = await newPage(browser);
      await open(page, `${server.base}/product.html?id=SH-RUN-001`);
      const profile = await page.evaluate(async () => {
        const sw = window.shelfwise;
        sw.track('search', { search_term: 'tent' });
        sw.track('add_to_cart', { items: [{ item_id: 'SH-RUN-001', price: 129.95 }] });
        sw.track('purchase', { transaction_id: 'T-1', value: 129.95, items: [{ item_id: 'SH-RUN-001', price: 129.95 }] });
        sw.setPreferences({ brand: 'Kestrel' });
        // Written, as it always is within half a second: every stored field is there.
        sw.flush();
        await navigator.locks.request('shelfwise:profile', () => {});
        return sw.exportData().profile;
      });
      const md = read(root, 'docs/privacy.md');
      const table = tableRows(section(md, 'What is kept, field by field')).filter((cells) => cells.length === 3 && cells[0] !== 'field');
      const fields = table.flatMap((cells) => codeSpans(cells[0]));
      assert.deepEqual(Object.keys(profile).sort(), [...fields].sort());
      const example = JSON.parse(fences(md).find((b) => b.lang === 'json').text);
      assert.deepEqual(Object.keys(example).filter((k) => !fields.includes(k)), [], 'the example shows documented fields only');
      assert.equal(`(${profile.v})`, /\(\d+\)/.exec(table.find((cells) => cells[0] === '`v`')[1])[0], 'the documented format version');
      assert.equal(example.v, profile.v, 'the example is of the current format');
    });

    test('every demo page says what to try and links to "Show how it works" (?sw-debug)', async () => {
      for (const path of ['/', '/category.html?c=Shoes', '/product.html?id=SH-RUN-001', '/cart.html', '/framework.html']) {
        const page = await newPage(browser);
        await open(page, `${server.base}${path}`);
        const hint = await page.$eval('.tryit p, [data-try]', (e) => e.textContent);
        assert.match(hint, /\b(then|add|check out)\b/i, `${path} says what to try`);
        const href = await page.$eval('a[data-sw-debug-link]', (a) => a.getAttribute('href'));
        const url = new URL(href, `${server.base}${path}`);
        assert.ok(url.searchParams.has('sw-debug'), `${path}: ${href}`);
        assert.equal(url.searchParams.get('c'), new URL(path, server.base).searchParams.get('c'), 'the page stays the same');
        await page.click('a[data-sw-debug-link]');
        await page.waitForSelector('#shelfwise-debug', { state: 'attached' });
        assert.equal(await page.textContent('a[data-sw-debug-link]'), 'Hide how it works');
        assert.ok(page.messages.some((m) => m.startsWith('info: [shelfwise] event page_view')), `${path}: the console lines`);
        await page.close();
      }
    });
  });

  describe('the npm package in a page', () => {
    test('importing the entries changes nothing on the page, except the panel, which defines its element', async () => {
      const page = await newPage(browser);
      await page.context().route((u) => u.pathname === '/blank.html', (r) => r.fulfill({ contentType: 'text/html', body: '<!doctype html><title>blank</title><p>blank</p>' }));
      await page.goto(`${server.base}/blank.html`);
      const effect = (module) =>
        page.evaluate(async (m) => {
          const before = [document.documentElement.outerHTML, Object.keys(window).length, customElements.get('shelfwise-privacy')];
          await import(m);
          const now = [document.documentElement.outerHTML, Object.keys(window).length, customElements.get('shelfwise-privacy')];
          return now.map((v, i) => v !== before[i]);
        }, module);
      assert.deepEqual(await effect('/pkg/shelfwise.js'), [false, false, false]);
      assert.deepEqual(await effect('/pkg/debug.js'), [false, false, false]);
      assert.deepEqual(await effect('/pkg/frameworks.js'), [false, false, false]);
      assert.deepEqual(await effect('/pkg/panel.js'), [false, false, true]);
    });
  });
});

describe('the npm package', () => {
  const manifest = JSON.parse(read(root, 'package.json'));

  test('npm pack holds what a user needs and nothing else', () => {
    const r = spawnSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: root, encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    const files = JSON.parse(r.stdout)[0].files.map((f) => f.path).sort();
    const needed = [
      'CHANGELOG.md', 'LICENSE', 'README.md', 'package.json', 'bin/shelfwise.js',
      ...['cli.js', 'read.js', 'sql.js', 'write.js'].map((f) => `bin/relations/${f}`),
      ...['shelfwise.js', 'pure.js', 'node.js', 'shelfwise_wasm.js', 'shelfwise_wasm_bg.wasm', 'shelfwise_tools.js', 'shelfwise_tools_bg.wasm', 'debug.js', 'panel.js', 'frameworks.js', 'react.js', 'vue.js'].map((f) => `pkg/${f}`),
      ...['index.d.ts', 'debug.d.ts', 'panel.d.ts', 'react.d.ts', 'vue.d.ts', 'config.d.ts', 'config.schema.json'].map((f) => `pkg/${f}`),
      // Source maps of the minified entries, holding their source.
      ...['shelfwise.js', 'pure.js', 'node.js', 'debug.js', 'panel.js', 'frameworks.js', 'react.js', 'vue.js'].map((f) => `pkg/${f}.map`),
      ...PAGES.map((p) => `docs/${p.name}`),
    ].sort();
    assert.deepEqual(files, needed);
    // Everything the package points at, and everything its modules import, is in it.
    const targets = [manifest.types, ...Object.values(manifest.bin), ...Object.values(manifest.exports).flatMap((e) => (typeof e === 'string' ? [e] : Object.values(e)))];
    for (const t of targets) assert.ok(files.includes(t.replace(/^\.\//, '')), `${t} is packed`);
    for (const f of files.filter((f) => /\.(js|d\.ts)$/.test(f))) {
      for (const [, spec] of read(root, f).matchAll(/(?:from|import\()\s*'(\.{1,2}\/[^']+)'/g)) {
        const to = join(dirname(f), spec).replace(/\.js$/, f.endsWith('.d.ts') ? '.d.ts' : '.js');
        assert.ok(files.includes(to), `${f} imports ${spec}, which is packed`);
      }
    }
  });

  test('package.json: version, description, keywords, licence, bin, exports, types, side effects, changelog', () => {
    assert.match(manifest.version, /^\d+\.\d+\.\d+(-[\w.]+)?$/);
    assert.ok(manifest.description.length > 40 && manifest.keywords.includes('personalization'));
    assert.equal(manifest.license, 'MIT');
    assert.ok(read(root, 'LICENSE').includes('MIT'));
    assert.deepEqual(manifest.bin, { shelfwise: './bin/shelfwise.js' });
    assert.match(read(root, 'bin/shelfwise.js'), /^#!\/usr\/bin\/env node\n/);
    assert.deepEqual(Object.keys(manifest.exports).sort(), ['.', './config.schema.json', './debug', './package.json', './panel', './react', './vue']);
    for (const entry of ['.', './debug', './panel', './react', './vue']) assert.equal(Object.keys(manifest.exports[entry])[0], 'types', `${entry}: types first`);
    // No dependency: React and Vue are for the entries of the same name only, DuckDB for the
    // relations command; a shop using none of them installs nothing.
    assert.equal(manifest.dependencies, undefined);
    assert.deepEqual(Object.keys(manifest.peerDependencies).sort(), ['@duckdb/node-api', 'react', 'vue']);
    assert.deepEqual(manifest.peerDependenciesMeta, { '@duckdb/node-api': { optional: true }, react: { optional: true }, vue: { optional: true } });
    assert.equal(manifest.exports['.'].types, manifest.types);
    // Only the privacy panel does something on import (it defines <shelfwise-privacy>).
    assert.deepEqual(manifest.sideEffects, ['./pkg/panel.js']);
    const changelog = read(root, 'CHANGELOG.md');
    assert.match(changelog, /^## \[Unreleased\]$/m);
    assert.match(changelog, new RegExp(`^## \\[${manifest.version.replace(/\./g, '\\.')}\\]`, 'm'));
  });
});
