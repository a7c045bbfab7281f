#!/usr/bin/env node
// The Shelfwise command line: `shelfwise validate` checks configs in CI; `shelfwise hash-groups`
// turns the plain id lists of a config's groups into salted hashes; `shelfwise relations` learns
// related products from analytics exports (bin/relations/).
import { createHash, randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { validateConfig } from '../pkg/node.js';

const usage = `usage: shelfwise validate <config.json> [more.json ...]
       shelfwise hash-groups <config.json> [--salt <text>] [--group <name> ...] [--output <file>]
       shelfwise relations <export files...> --config FILE --csv FILE   (--help for more)

validate     checks Shelfwise configs and lists every error with its JSON path, and warns about
             groups that list ids in plain text. Exits 0 when all are valid (warnings or not),
             1 when any has errors, 2 on bad usage.
hash-groups  prints the config with its plain groups (or the --group ones) replaced by
             { "salt", "sha256" }: the SHA-256 of salt + id for each id. Without --salt, a random
             salt is made. --output writes the config to a file instead of printing it.
relations    learns which products go together from GA4 BigQuery exports or CSV logs and writes the
             config's "related" section and a per-item CSV for data-sw-related (docs/relations.md).`;

const [command, ...args] = process.argv.slice(2);

if (command === 'relations') {
  const { main } = await import('./relations/cli.js');
  process.exit(await main(args));
}

/** `groups.<name>` as the engine writes JSON paths. */
const groupPath = (name) => (/^[\p{L}\p{N}_$\-./:@]+$/u.test(name) ? `groups.${name}` : `groups[${JSON.stringify(name)}]`);

/** Whether a group member looks like an identifier of a person (a number, or text with a digit or an @). */
const looksLikeId = (v) => typeof v === 'number' || (typeof v === 'string' && /[\d@]/.test(v));

/** Warnings about a config: groups that list ids in plain text. */
function warnings(text) {
  let config;
  try {
    config = JSON.parse(text);
  } catch {
    return [];
  }
  const groups = config?.groups;
  if (groups === null || typeof groups !== 'object' || Array.isArray(groups)) return [];
  return Object.entries(groups)
    .filter(([, ids]) => Array.isArray(ids) && ids.some(looksLikeId))
    .map(([name, ids]) => `${groupPath(name)}: ${ids.length} id${ids.length === 1 ? '' : 's'} in plain text, which every visitor can read in the page's config; hash them with \`npx shelfwise hash-groups <config.json>\``);
}

async function validate(files) {
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
    const errors = await validateConfig(text);
    const warned = warnings(text);
    const notes = warned.length ? ` (${warned.length} warning${warned.length === 1 ? '' : 's'})` : '';
    if (errors.length === 0) {
      console.log(`${file}: valid${notes}`);
    } else {
      failed = true;
      console.error(`${file}: ${errors.length} error${errors.length === 1 ? '' : 's'}${notes}`);
      for (const e of errors) console.error(`  ${e.path || '(root)'}: ${e.message}`);
    }
    for (const w of warned) console.error(`  warning: ${w}`);
  }
  return failed ? 1 : 0;
}

function hashGroups(rest) {
  const files = [];
  const only = [];
  let salt;
  let output;
  for (let i = 0; i < rest.length; i++) {
    const a = rest[i];
    if (a === '--salt' || a === '--group' || a === '--output') {
      const v = rest[++i];
      if (v === undefined || v === '') return fail(`${a} needs a value`);
      if (a === '--salt') salt = v;
      else if (a === '--group') only.push(v);
      else output = v;
    } else if (a.startsWith('--')) {
      return fail(`unknown option ${a}`);
    } else {
      files.push(a);
    }
  }
  if (files.length !== 1) return fail('hash-groups takes one config file');
  let config;
  try {
    config = JSON.parse(readFileSync(files[0], 'utf8'));
  } catch (e) {
    console.error(`${files[0]}: cannot read it as JSON: ${e.message}`);
    return 1;
  }
  const groups = config?.groups;
  if (groups === null || typeof groups !== 'object' || Array.isArray(groups)) {
    console.error(`${files[0]}: has no "groups" to hash`);
    return 1;
  }
  for (const name of only) {
    if (!Array.isArray(groups[name])) {
      console.error(`${files[0]}: ${groupPath(name)} is not a plain list of ids`);
      return 1;
    }
  }
  salt ??= randomBytes(16).toString('hex');
  const done = [];
  for (const [name, ids] of Object.entries(groups)) {
    if (!Array.isArray(ids) || (only.length && !only.includes(name))) continue;
    const bad = ids.findIndex((id) => typeof id !== 'string' && typeof id !== 'number');
    if (bad >= 0) {
      console.error(`${files[0]}: ${groupPath(name)}[${bad}]: only strings and numbers can be hashed, got ${JSON.stringify(ids[bad])}`);
      return 1;
    }
    groups[name] = { salt, sha256: ids.map((id) => createHash('sha256').update(`${salt}${id}`).digest('hex')) };
    done.push(`${name} (${ids.length})`);
  }
  const text = `${JSON.stringify(config, null, 2)}\n`;
  if (output) writeFileSync(output, text);
  else process.stdout.write(text);
  console.error(done.length ? `hashed ${done.join(', ')} with salt ${salt}` : 'no plain group to hash');
  return 0;
}

function fail(message) {
  console.error(`${message}\n\n${usage}`);
  return 2;
}

if (command === '--help' || command === '-h') {
  console.log(usage);
  process.exit(0);
}
if (command === 'validate' && args.length > 0) process.exit(await validate(args));
if (command === 'hash-groups') process.exit(hashGroups(args));
console.error(usage);
process.exit(2);
