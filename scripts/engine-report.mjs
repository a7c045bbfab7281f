// A reporter for node's test runner that counts the end-to-end tests by browser engine: a test
// belongs to the engine its enclosing suite is named after (tests/e2e/helpers.mjs `engines()`),
// or to none (tests that need no browser). Writes one JSON object:
// `{ "chromium": { "passed": n, "failed": n, "skipped": n, "seconds": s }, …, "none": {…} }`.
import { ENGINES } from './engines.mjs';

export default async function* engineReport(source) {
  const counts = {};
  const stack = [];
  const bucket = (name) => (counts[name] ??= { passed: 0, failed: 0, skipped: 0, seconds: 0 });
  for await (const { type, data } of source) {
    if (type === 'test:start') {
      stack.length = data.nesting;
      stack.push(data.name);
      continue;
    }
    if (type !== 'test:pass' && type !== 'test:fail') continue;
    stack.length = data.nesting + 1;
    stack[data.nesting] = data.name;
    const engine = stack.find((n) => ENGINES.includes(n)) ?? 'none';
    if (data.nesting === 0 && ENGINES.includes(data.name)) {
      bucket(engine).seconds += (data.details?.duration_ms ?? 0) / 1000;
      continue;
    }
    if (data.details?.type === 'suite') continue;
    const b = bucket(engine);
    if (data.skip || data.todo) b.skipped += 1;
    else if (type === 'test:pass') b.passed += 1;
    else b.failed += 1;
  }
  for (const c of Object.values(counts)) c.seconds = Math.round(c.seconds);
  yield `${JSON.stringify(counts)}\n`;
}
