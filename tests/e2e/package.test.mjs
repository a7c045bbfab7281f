// The npm package as its users meet it: in Node (validator, CLI, conditions), in a plain
// `<script type="module">` page, and through a bundler (Vite).
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fences, headings, links } from './fixtures/docs-markdown.mjs';
import { demo, engines, launch, newPage, root } from './helpers.mjs';

const node = await import('../../pkg/node.js');
// GrowthBook's own cases, a fixture of the repository (origin, version and license beside it).
const CASES = join(root, 'tests', 'fixtures', 'growthbook', 'cases.json');

describe('in Node', () => {
  test('validateConfig accepts the demo config and lists every error of a broken one with its path', async () => {
    const demoConfig = JSON.parse(readFileSync(join(root, 'www/shelfwise.config.json'), 'utf8'));
    assert.deepEqual(await node.validateConfig(demoConfig), []);
    const errors = await node.validateConfig({
      version: 1,
      segments: [{ id: 'a', if: { $and: [{ cartValue: { $gtt: 5 } }] } }],
      widgets: { home: { rules: [{ rule: 'bost', weight: 2 }] } },
      sesion: {},
    });
    const lines = errors.map((e) => `${e.path}: ${e.message}`);
    assert.ok(lines.includes('segments[0].if.$and[0].cartValue: unknown operator "$gtt" (did you mean "$gt"?)'), lines.join('\n'));
    assert.ok(lines.some((l) => l.startsWith('widgets.home.rules[0].rule: unknown rule "bost"') && l.includes('did you mean "boost"')), lines.join('\n'));
    assert.ok(lines.includes('sesion: unknown key "sesion" (did you mean "session"?)'), lines.join('\n'));
  });

  test('evalCondition passes every GrowthBook evalCondition case', () => {
    const cases = JSON.parse(readFileSync(CASES, 'utf8')).evalCondition;
    assert.equal(cases.length, 248);
    const failing = cases.filter(([, cond, attrs, expected, groups]) => node.evalCondition(cond, attrs, groups) !== expected).map((c) => c[0]);
    assert.deepEqual(failing, []);
  });

  test('the CLI exits 0 for a valid config and 1 with the errors listed for a broken one', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sw-cli-'));
    const good = join(dir, 'good.json');
    const bad = join(dir, 'bad.json');
    writeFileSync(good, JSON.stringify({ version: 1 }));
    writeFileSync(bad, JSON.stringify({ version: 1, segments: [{ id: 'x', if: { 'cart.value': { $gtt: 1 } } }] }));
    const cli = join(root, 'bin/shelfwise.js');
    assert.match(execFileSync(process.execPath, [cli, 'validate', good], { encoding: 'utf8' }), /good.json: valid/);
    const r = spawnSync(process.execPath, [cli, 'validate', bad], { encoding: 'utf8' });
    assert.equal(r.status, 1);
    assert.match(r.stderr, /segments\[0\]\.if\.cart\.value: unknown operator "\$gtt"/);
    assert.equal(spawnSync(process.execPath, [cli], { encoding: 'utf8' }).status, 2);
  });

  test('start() in Node keeps the original order (server-side rendering is safe)', async () => {
    const sw = await node.start();
    assert.deepEqual(sw.rank('w', [{ id: 'a' }, { id: 'b' }]).order, ['a', 'b']);
  });
});

engines((engine) => {
  describe('in the browser', () => {
    let server;
    let browser;
    before(async () => {
      browser = await launch(engine);
    });
    after(async () => {
      await browser?.close();
      await server?.close();
    });

    test('a plain <script type="module"> page imports it and personalizes', async () => {
      server = await demo({ mounts: { '/pkg/': join(root, 'pkg'), '/': join(root, 'tests/e2e/fixtures') } });
      const page = await newPage(browser);
      await page.goto(`${server.base}/plain.html`);
      await page.waitForFunction(() => window.result);
      assert.deepEqual(await page.evaluate(() => window.result), { running: true, cond: true });
      await page.waitForFunction(() => document.querySelector('li').dataset.swItem === 'p2');
      assert.deepEqual(page.errors, []);
      await server.close();
      server = undefined;
    });

    test('a Vite build bundles it and the app renders the ranked order', async () => {
      const out = mkdtempSync(join(tmpdir(), 'sw-vite-'));
      const { build } = await import('vite');
      const [bundle] = [await build({
        root: join(root, 'tests/e2e/fixtures/vite-app'),
        logLevel: 'error',
        resolve: { alias: { shelfwise: root } },
        build: { outDir: out, emptyOutDir: true, target: 'es2022' },
      })].flat();
      // An app that uses neither React nor Vue downloads none of the bindings.
      const modules = bundle.output.flatMap((chunk) => Object.keys(chunk.modules ?? {})).map((m) => m.replaceAll('\\', '/'));
      assert.ok(modules.some((m) => m.endsWith('/pkg/shelfwise.js')), modules.join(' '));
      assert.deepEqual(modules.filter((m) => /\/pkg\/(react|vue|frameworks)\.js$|\/node_modules\/(react|react-dom|vue)\//.test(m)), []);
      server = await demo({ mounts: { '/': out } });
      const page = await newPage(browser);
      await page.goto(`${server.base}/`);
      await page.waitForFunction(() => window.rendered);
      assert.deepEqual(await page.$$eval('#list li', (els) => els.map((e) => e.textContent)), ['b', 'c', 'a']);
      assert.deepEqual(page.errors, []);
    });
  });
});

describe('on the registry', () => {
  const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  const REPO = 'https://github.com/shelfwise/shelfwise';

  test('package.json says where the repository, its home page and its issues are', () => {
    assert.deepEqual(manifest.repository, { type: 'git', url: `git+${REPO}.git` });
    assert.equal(manifest.homepage, `${REPO}#readme`);
    assert.deepEqual(manifest.bugs, { url: `${REPO}/issues` });
  });

  test('the README opens with `npm install shelfwise`; the repository\'s commands come after, for contributors', () => {
    const readme = readFileSync(join(root, 'README.md'), 'utf8');
    const blocks = fences(readme);
    assert.equal(blocks[0].text.trim(), 'npm install shelfwise');
    assert.ok(blocks[0].line <= 15, `the install command is on the first screen (line ${blocks[0].line})`);
    const repoCommands = blocks.find((b) => /^npm start\b/m.test(b.text) && /^npm test\b/m.test(b.text));
    assert.ok(repoCommands && repoCommands.line > blocks[0].line, 'npm start and npm test, after the install');
  });

  test('every link of the README and the packed docs lands on a file of the package, or on a file of the repository', () => {
    const r = spawnSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: root, encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    const files = JSON.parse(r.stdout)[0].files.map((f) => f.path);
    const pages = files.filter((f) => f.endsWith('.md'));
    assert.ok(pages.includes('README.md') && pages.some((f) => f.startsWith('docs/')), pages.join(' '));
    const broken = [];
    for (const page of pages) {
      const md = readFileSync(join(root, page), 'utf8');
      for (const { target, line } of links(md)) {
        const [path, anchor] = target.split('#');
        const to = path ? join(dirname(page), path).replaceAll('\\', '/') : page;
        if (!files.includes(to)) broken.push(`${page}:${line}: ${target} (not in the package)`);
        else if (anchor && !headings(readFileSync(join(root, to), 'utf8')).some((h) => h.anchor === anchor)) broken.push(`${page}:${line}: ${target} (no such heading)`);
      }
      // Links into the repository (for what the package does not ship) name files that exist.
      for (const [, path] of md.matchAll(new RegExp(`${REPO}/blob/main/([^)\\s#]+)`, 'g'))) {
        if (!existsSync(join(root, path))) broken.push(`${page}: ${REPO}/blob/main/${path} (no such file in the repository)`);
      }
    }
    assert.deepEqual(broken, []);
  });
});
