//! Turning the fuzzer's flat bytes into choices: sizes, names, numbers.
//! When the bytes run out every read gives 0, so any input is a complete
//! (if short) program.

/// The unread rest of the input.
pub struct Bytes<'a> {
    rest: &'a [u8],
}

impl<'a> Bytes<'a> {
    pub fn new(data: &'a [u8]) -> Self {
        Bytes { rest: data }
    }

    pub fn is_empty(&self) -> bool {
        self.rest.is_empty()
    }

    pub fn byte(&mut self) -> u8 {
        match self.rest.split_first() {
            Some((&b, rest)) => {
                self.rest = rest;
                b
            }
            None => 0,
        }
    }

    /// Heads or tails.
    pub fn coin(&mut self) -> bool {
        self.byte() & 1 == 0
    }

    /// A number from 0 to `n - 1`.
    pub fn below(&mut self, n: usize) -> usize {
        usize::from(self.byte()) % n.max(1)
    }

    /// One of `items`.
    pub fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.below(items.len())]
    }

    /// Any f64 bit pattern (NaN, ±∞, subnormals, huge) a quarter of the
    /// time; otherwise a plain number in about ±8, the kind that trains.
    pub fn number(&mut self) -> f64 {
        let kind = self.byte();
        if kind < 64 {
            let mut raw = [0u8; 8];
            for b in &mut raw {
                *b = self.byte();
            }
            f64::from_le_bytes(raw)
        } else {
            (f64::from(self.byte()) - 128.0) / 16.0
        }
    }
}
