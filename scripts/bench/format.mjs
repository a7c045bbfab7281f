// Number formatting shared by the report and its explanations.

/** A time in ms, in the unit that reads best. */
export function time(ms) {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return 'n/a';
  if (ms >= 100) return `${ms.toFixed(0)} ms`;
  if (ms >= 1) return `${ms.toFixed(2)} ms`;
  if (ms >= 0.001) return `${(ms * 1000).toFixed(ms >= 0.1 ? 0 : 1)} µs`;
  return `${(ms * 1e6).toFixed(0)} ns`;
}

/** Median with its spread: `1.23 ms (p10–p90 1.10–1.40)`. */
export function spread(s, fmt = time) {
  if (!s || !s.n) return 'n/a';
  return `${fmt(s.median)} (p10–p90 ${fmt(s.p10)}–${fmt(s.p90)})`;
}

/** Bytes as KB (1024). */
export const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
