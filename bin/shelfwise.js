#!/usr/bin/env node
// The Shelfwise command line: `shelfwise validate <config.json>...` checks configs in CI;
// `shelfwise relations` learns related products from analytics exports (bin/relations/).
import { readFileSync } from 'node:fs';
import { validateConfig } from '../pkg/node.js';

const [command, ...files] = process.argv.slice(2);
const usage = `usage: shelfwise validate <config.json> [more.json ...]
       shelfwise relations <export files...> --config FILE --csv FILE   (--help for more)

Checks Shelfwise configs and lists every error with its JSON path.
Exits 0 when all are valid, 1 when any has errors, 2 on bad usage.`;

if (command === 'relations') {
  const { main } = await import('./relations/cli.js');
  process.exit(await main(files));
}

if (command !== 'validate' || files.length === 0) {
  console.error(usage);
  process.exit(command === '--help' || command === '-h' ? 0 : 2);
}

let failed = false;
for (const file of files) {
  let text;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    console.error(`${file}: cannot read: ${e.message}`);
    failed = true;
    continue;
  }
  const errors = validateConfig(text);
  if (errors.length === 0) {
    console.log(`${file}: valid`);
    continue;
  }
  failed = true;
  console.error(`${file}: ${errors.length} error${errors.length === 1 ? '' : 's'}`);
  for (const e of errors) console.error(`  ${e.path || '(root)'}: ${e.message}`);
}
process.exit(failed ? 1 : 0);
