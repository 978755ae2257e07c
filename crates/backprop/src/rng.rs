//! A seeded random source that gives the same numbers on every machine, native
//! or wasm — and the *same numbers as numpy*: `Rng::new(42)` reproduces
//! `np.random.seed(42)` followed by `np.random.rand()` / `np.random.randn()`.
//! That is how the weight/height data of seed 000 and the `randn` initial
//! weights of its 2→2→1 example come out here exactly as in the tutorial.
//!
//! The generator is the Mersenne Twister MT19937 (Matsumoto & Nishimura 1998),
//! seeded like numpy's legacy `RandomState(seed)`; normal deviates use the
//! polar Box–Muller method with its second value cached, as numpy does.

use serde::{Deserialize, Serialize};

use crate::error::{bail, Result};
use crate::math;

const N: usize = 624;
const M: usize = 397;
const MATRIX_A: u32 = 0x9908_b0df;
const UPPER_MASK: u32 = 0x8000_0000;
const LOWER_MASK: u32 = 0x7fff_ffff;

/// Mersenne Twister state plus numpy's cached Gaussian.
#[derive(Clone)]
pub struct Rng {
    state: [u32; N],
    index: usize,
    cached_gauss: Option<f64>,
}

impl Rng {
    /// Seeds the generator the way `np.random.seed(seed)` does for an integer seed.
    pub fn new(seed: u32) -> Self {
        let mut state = [0u32; N];
        state[0] = seed;
        for i in 1..N {
            let prev = state[i - 1];
            state[i] = 1_812_433_253u32
                .wrapping_mul(prev ^ (prev >> 30))
                .wrapping_add(i as u32);
        }
        Rng {
            state,
            index: N,
            cached_gauss: None,
        }
    }

    /// Regenerates all 624 words of state at once (the "twist").
    fn twist(&mut self) {
        for i in 0..N {
            let y = (self.state[i] & UPPER_MASK) | (self.state[(i + 1) % N] & LOWER_MASK);
            let mut next = self.state[(i + M) % N] ^ (y >> 1);
            if y & 1 != 0 {
                next ^= MATRIX_A;
            }
            self.state[i] = next;
        }
        self.index = 0;
    }

    /// The next raw 32-bit output (tempered).
    pub fn next_u32(&mut self) -> u32 {
        if self.index >= N {
            self.twist();
        }
        let mut y = self.state[self.index];
        self.index += 1;
        y ^= y >> 11;
        y ^= (y << 7) & 0x9d2c_5680;
        y ^= (y << 15) & 0xefc6_0000;
        y ^= y >> 18;
        y
    }

    /// Uniform in [0, 1) with 53 random bits, like `np.random.rand()`.
    pub fn uniform(&mut self) -> f64 {
        let a = (self.next_u32() >> 5) as f64; // 27 bits
        let b = (self.next_u32() >> 6) as f64; // 26 bits
        (a * 67_108_864.0 + b) / 9_007_199_254_740_992.0
    }

    /// Uniform in [low, high).
    pub fn uniform_in(&mut self, low: f64, high: f64) -> f64 {
        low + (high - low) * self.uniform()
    }

    /// A standard normal deviate, like `np.random.randn()`: the polar method
    /// draws a point in the unit disc and turns it into *two* independent
    /// normals; the second is kept for the next call.
    pub fn gauss(&mut self) -> f64 {
        if let Some(g) = self.cached_gauss.take() {
            return g;
        }
        loop {
            let x1 = 2.0 * self.uniform() - 1.0;
            let x2 = 2.0 * self.uniform() - 1.0;
            let r2 = x1 * x1 + x2 * x2;
            if r2 < 1.0 && r2 != 0.0 {
                let f = math::sqrt(-2.0 * math::ln(r2) / r2);
                self.cached_gauss = Some(f * x1);
                return f * x2;
            }
        }
    }

    /// A uniform integer in `0..n` (`n > 0`), without modulo bias
    /// (Lemire's multiply-and-reject).
    pub fn below(&mut self, n: u32) -> u32 {
        debug_assert!(n > 0);
        let threshold = n.wrapping_neg() % n;
        loop {
            let product = u64::from(self.next_u32()) * u64::from(n);
            if (product as u32) >= threshold {
                return (product >> 32) as u32;
            }
        }
    }

    /// The generator's whole state, to continue its stream elsewhere (a
    /// saved run's reshuffles).
    pub fn save(&self) -> RngState {
        RngState {
            words: self.state.to_vec(),
            index: self.index,
            gauss: self.cached_gauss,
        }
    }

    /// A generator that continues from a saved state; a state that is not
    /// one (wrong length, index past the end) is refused.
    pub fn restore(saved: &RngState) -> Result<Rng> {
        let Ok(state) = <[u32; N]>::try_from(saved.words.as_slice()) else {
            bail!("a random generator's state has {N} words, got {}", saved.words.len());
        };
        if saved.index > N || saved.gauss.is_some_and(|g| !g.is_finite()) {
            bail!("a random generator's position is 0 to {N}, got {}", saved.index);
        }
        Ok(Rng {
            state,
            index: saved.index,
            cached_gauss: saved.gauss,
        })
    }

    /// Shuffles `items` in place (Fisher–Yates), the same way on every target.
    pub fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            let j = self.below(i as u32 + 1) as usize;
            items.swap(i, j);
        }
    }
}

/// A saved [`Rng`]: MT19937's 624 words, the position in them, and the
/// cached second normal deviate.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RngState {
    /// The 624 words of state.
    pub words: Vec<u32>,
    /// Words already used (624: the next draw twists).
    pub index: usize,
    /// A normal deviate waiting to be returned.
    pub gauss: Option<f64>,
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The reference output of MT19937 seeded with `init_genrand(5489)`,
    /// from Matsumoto & Nishimura's mt19937ar.out.
    #[test]
    fn matches_the_reference_mersenne_twister_stream() {
        let mut rng = Rng::new(5489);
        let first: Vec<u32> = (0..3).map(|_| rng.next_u32()).collect();
        assert_eq!(first, vec![3_499_211_612, 581_869_302, 3_890_346_734]);
    }

    #[test]
    fn a_saved_state_continues_the_same_stream() {
        let mut rng = Rng::new(3);
        rng.gauss();
        let mut copy = Rng::restore(&rng.save()).unwrap();
        let a: Vec<u32> = (0..700).map(|_| rng.next_u32()).collect();
        let b: Vec<u32> = (0..700).map(|_| copy.next_u32()).collect();
        assert_eq!(a, b);
        let mut bad = rng.save();
        bad.words.pop();
        let Err(e) = Rng::restore(&bad) else {
            panic!("a short state is refused")
        };
        assert!(e.message().contains("624 words, got 623"), "{e}");
    }

    #[test]
    fn below_stays_in_range_and_reaches_every_value() {
        let mut rng = Rng::new(7);
        let mut seen = [false; 5];
        for _ in 0..200 {
            let k = rng.below(5) as usize;
            seen[k] = true;
        }
        assert!(seen.iter().all(|&s| s));
    }
}
