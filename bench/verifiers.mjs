// What the two verification benchmarks (server-verify.mjs, forge-verify.mjs) share: every verifier must accept the
// tokens and reject a tampered one before anything is timed, then rounds are interleaved (the order flips every
// round) so no verifier gets a warmer machine than the others.

/** Throws unless every verifier accepts `tokens` and rejects the first token with a changed signature. */
export async function checkVerifiers(verifiers, tokens) {
  for (const [name, verify] of Object.entries(verifiers)) {
    for (const token of tokens) await verify(token);
    const [h, p, s] = tokens[0].split(".");
    const tampered = `${h}.${p}.${s.slice(0, -2)}${s.at(-2) === "A" ? "B" : "A"}${s.at(-1)}`;
    let rejected = false;
    try {
      await verify(tampered);
    } catch {
      rejected = true;
    }
    if (!rejected) throw new Error(`${name} accepted a tampered token`);
  }
}

/**
 * Runs `rounds` interleaved rounds of `roundMs` per verifier, verifying `tokens` in batches of `batch` (batches keep
 * the clock reads out of the measurement). `extra(name)` may return numbers summed per verifier (e.g. fetches).
 * Returns per verifier: count, ms, per-round rates, summed extras, and `perSecond`.
 */
export async function interleave(verifiers, tokens, { rounds, roundMs, batch, extra = () => ({}) }) {
  const results = Object.fromEntries(Object.keys(verifiers).map((name) => [name, { count: 0, ms: 0, rounds: [], extra: {} }]));
  for (let r = 0; r < rounds; r++) {
    const order = Object.keys(verifiers);
    if (r % 2) order.reverse();
    for (const name of order) {
      const before = extra(name);
      const start = performance.now();
      let n = 0;
      while (performance.now() < start + roundMs) {
        for (let i = 0; i < batch; i++) await verifiers[name](tokens[(n + i) % tokens.length]);
        n += batch;
      }
      const ms = performance.now() - start;
      const after = extra(name);
      const result = results[name];
      result.count += n;
      result.ms += ms;
      result.rounds.push(Math.round((n / ms) * 1000));
      for (const key of Object.keys(after)) result.extra[key] = (result.extra[key] ?? 0) + after[key] - (before[key] ?? 0);
    }
  }
  for (const result of Object.values(results)) result.perSecond = Math.round((result.count / result.ms) * 1000);
  return results;
}
