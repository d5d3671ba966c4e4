// A seeded random source for the demo (pure-rand's xoroshiro128+): the same seed always yields
// the same district. Nothing in the demo may use Math.random.
import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import { uniformInt } from 'pure-rand/distribution/uniformInt';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';

export interface Random {
  /** An integer in [min, max], both included. */
  int(min: number, max: number): number;
  /** A float in [min, max). */
  float(min: number, max: number): number;
  /** True with probability p. */
  chance(p: number): boolean;
  pick<T>(items: readonly T[]): T;
  /** A shuffled copy (Fisher–Yates). */
  shuffle<T>(items: readonly T[]): T[];
  /** `count` distinct items, in random order. */
  sample<T>(items: readonly T[], count: number): T[];
}

export function createRandom(seed: number): Random {
  const rng = xoroshiro128plus(seed | 0);
  const random: Random = {
    int: (min, max) => uniformInt(rng, min, max),
    float: (min, max) => min + uniformFloat64(rng) * (max - min),
    chance: (p) => uniformFloat64(rng) < p,
    pick(items) {
      if (items.length === 0) throw new Error('pick from an empty list');
      return items[uniformInt(rng, 0, items.length - 1)]!;
    },
    shuffle(items) {
      const out = [...items];
      for (let i = out.length - 1; i > 0; i--) {
        const j = uniformInt(rng, 0, i);
        [out[i], out[j]] = [out[j]!, out[i]!];
      }
      return out;
    },
    sample(items, count) {
      if (count > items.length) throw new Error(`cannot sample ${count} of ${items.length}`);
      return random.shuffle(items).slice(0, count);
    },
  };
  return random;
}
