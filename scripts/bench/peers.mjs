// The same segment conditions, handed to the peers of the comparison: GrowthBook's JavaScript
// evaluator (same condition language) and JSON Logic (a different language: conditions are
// translated where an equivalent exists and counted where none does). Runs in the browser.

/** Attribute paths that hold arrays in the attributes document. */
const ARRAY_PATHS = new Set(['segments', 'history.viewed', 'history.purchased', 'history.searches', 'cart.ids', 'cart.categories', 'cart.brands']);

const isOps = (v) => v !== null && typeof v === 'object' && !Array.isArray(v) && Object.keys(v).length > 0 && Object.keys(v).every((k) => k.startsWith('$'));
const scalar = (v) => v === null || ['string', 'number', 'boolean'].includes(typeof v);

/**
 * The condition as GrowthBook 1.8's evaluator reads it with the same meaning. Shelfwise lets a
 * plain value match any element of an array attribute (`{ segments: "runner" }`); GrowthBook's
 * JS SDK compares the whole array, so those become `$in: [value]`. Returns
 * `{ condition, rewritten }` (how many such rewrites were needed).
 */
export function forGrowthBook(condition) {
  let rewritten = 0;
  const walk = (c) => {
    const out = {};
    for (const [k, v] of Object.entries(c)) {
      if (k === '$and' || k === '$or' || k === '$nor') out[k] = v.map(walk);
      else if (k === '$not') out[k] = walk(v);
      else if (ARRAY_PATHS.has(k) && scalar(v)) {
        rewritten += 1;
        out[k] = { $in: [v] };
      } else out[k] = v;
    }
    return out;
  };
  return { condition: walk(condition), rewritten };
}

/** Thrown for an operator JSON Logic has no equivalent of. */
class NotExpressible extends Error {}

/**
 * The condition as a JSON Logic rule, or `{ rule: null, missing }` naming the first operator
 * JSON Logic cannot express ($regex, $size, $type, versions…). `groups` inline `$inGroup` lists.
 */
export function toJsonLogic(condition, groups = {}) {
  try {
    return { rule: cond(condition, groups), missing: null };
  } catch (e) {
    if (e instanceof NotExpressible) return { rule: null, missing: e.message };
    throw e;
  }
}

function cond(c, groups) {
  const parts = Object.entries(c).map(([k, v]) => {
    switch (k) {
      case '$and':
        return { and: v.map((x) => cond(x, groups)) };
      case '$or':
        return { or: v.map((x) => cond(x, groups)) };
      case '$nor':
        return { '!': { or: v.map((x) => cond(x, groups)) } };
      case '$not':
        return { '!': cond(v, groups) };
      default:
        return value(k, v, groups);
    }
  });
  return parts.length === 1 ? parts[0] : { and: parts };
}

// A path against a plain value or an operator object. A missing attribute reads as null in
// both, so comparisons with it behave alike (`null <= 14` holds, as in the reference).
function value(path, v, groups) {
  const x = { var: path };
  const present = { '!==': [x, null] };
  if (!isOps(v)) {
    if (!scalar(v)) throw new NotExpressible('equality with an object or array');
    return ARRAY_PATHS.has(path) ? { in: [v, x] } : { '===': [x, v] };
  }
  const parts = Object.entries(v).map(([op, arg]) => {
    const cmp = { $gt: '>', $gte: '>=', $lt: '<', $lte: '<=' }[op];
    if (cmp) return { [cmp]: [x, arg] };
    switch (op) {
      case '$eq':
        return { '===': [x, arg] };
      case '$ne':
        return { '!==': [x, arg] };
      case '$in':
      case '$nin':
      case '$inGroup':
      case '$notInGroup': {
        const list = op.endsWith('Group') ? groups[arg] ?? [] : arg;
        const test = ARRAY_PATHS.has(path) ? { some: [x, { in: [{ var: '' }, list] }] } : { in: [x, list] };
        return op === '$in' || op === '$inGroup' ? test : { '!': test };
      }
      case '$all':
        if (!arg.every(scalar)) throw new NotExpressible('$all with conditions');
        return { and: arg.map((a) => ({ in: [a, x] })) };
      case '$exists':
        return arg ? present : { '===': [x, null] };
      case '$elemMatch':
        return { some: [x, isOps(arg) ? value('', arg, groups) : cond(arg, groups)] };
      case '$not':
        return { '!': value(path, arg, groups) };
      default:
        throw new NotExpressible(op);
    }
  });
  return parts.length === 1 ? parts[0] : { and: parts };
}
