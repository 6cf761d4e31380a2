// The seeded pseudo-random stream of an audit draw: xoshiro128** (Blackman & Vigna, 2018) seeded
// through splitmix32, written out here so a recorded draw replays bit for bit on any machine and
// Node version (Math.random cannot be seeded, and a library's generator could change under us).

/** A stream of uniform 32-bit unsigned integers. */
export interface SeededRandom {
  /** The next value in [0, 2^32). */
  nextUint32(): number;
  /** A uniform integer in [0, bound), bound in [1, 2^32], without modulo bias. */
  below(bound: number): number;
}

/** splitmix32: spreads one 32-bit seed over the generator's four words (never all zero). */
function splitmix32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x9e3779b9) >>> 0;
    let z = state;
    z = Math.imul(z ^ (z >>> 16), 0x21f0aafd);
    z = Math.imul(z ^ (z >>> 15), 0x735a2d97);
    return (z ^ (z >>> 15)) >>> 0;
  };
}

/** xoshiro128** from its four state words (at least one non-zero). */
export function xoshiro128StarStar(s0: number, s1: number, s2: number, s3: number): SeededRandom {
  let a = s0 >>> 0;
  let b = s1 >>> 0;
  let c = s2 >>> 0;
  let d = s3 >>> 0;
  const nextUint32 = (): number => {
    const x = Math.imul(b, 5);
    const result = Math.imul((x << 7) | (x >>> 25), 9) >>> 0;
    const t = b << 9;
    c ^= a;
    d ^= b;
    b ^= c;
    a ^= d;
    c ^= t;
    d = (d << 11) | (d >>> 21);
    return result;
  };
  return {
    nextUint32,
    below(bound: number): number {
      // Rejection keeps every value equally likely: values at or past the last whole multiple of
      // `bound` below 2^32 are drawn again (at most half the time, for bound just over 2^31).
      const limit = 2 ** 32 - (2 ** 32 % bound);
      for (;;) {
        const v = nextUint32();
        if (v < limit) return v % bound;
      }
    },
  };
}

/** The stream of a 32-bit seed. */
export function seededRandom(seed: number): SeededRandom {
  const next = splitmix32(seed);
  return xoshiro128StarStar(next(), next(), next(), next());
}
