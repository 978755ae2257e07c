//! The allocator's size classes (`alloc.rs`), apart so that they are tested
//! natively: a size rounded up to a quarter of its power of two, so a block
//! is 4, 5, 6 or 7 × 2ᵏ⁻² bytes (at most a quarter more than asked for).

/// Blocks are at least this big and this aligned: 16 bytes, the largest
/// alignment the page asks for (f64x2 vectors).
pub const SMALLEST: usize = 16;

/// How many classes there are (sizes below 2³²).
pub const CLASSES: usize = 128;

/// The class of a block for `size` bytes at `align`, and the block's size:
/// the size (at least the alignment and [`SMALLEST`]) rounded up to a
/// quarter of the power of two at or below it (to 16 bytes below 64), so
/// m·2ᵉ⁻² with 4 ≤ m ≤ 7; the class is 4e + m − 4. `None` past the largest.
pub fn class(size: usize, align: usize) -> Option<(usize, usize)> {
    let n = size.max(align).max(SMALLEST);
    let step = (1usize << (n.ilog2().saturating_sub(2))).max(SMALLEST);
    let size = n.checked_add(step - 1)? & !(step - 1);
    let e = size.ilog2();
    let k = 4 * e as usize + (size >> (e - 2)) - 4;
    (k < CLASSES).then_some((k, size))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The largest block: 7 × 2²⁹ bytes.
    const LARGEST: usize = 7 << 29;

    #[test]
    fn a_class_holds_blocks_of_one_size_at_most_a_quarter_over() {
        let mut sizes = [0usize; CLASSES];
        let mut check = |n: usize| {
            let (k, size) = class(n, 8).unwrap();
            assert!(size >= n && size % SMALLEST == 0, "{n} → {size}");
            assert!(size <= (n + n / 4).max(SMALLEST) + SMALLEST, "{n} → {size}");
            assert!(
                sizes[k] == 0 || sizes[k] == size,
                "class {k} holds {} and {size}",
                sizes[k]
            );
            sizes[k] = size;
        };
        (1..1 << 18).for_each(&mut check);
        for e in 18..32 {
            for d in [0, 1, 3, 5, 7] {
                check((1 << e) - d);
                check(((1 << e) + (d << (e - 3)) + 1).min(LARGEST));
            }
        }
        assert_eq!(class(LARGEST + 1, 8), None, "past the largest class");
        assert_eq!(class(1, 1), Some((16, 16)));
        assert_eq!(class(100, 8), Some((27, 112)));
        assert_eq!(class(24, 32), Some((20, 32)), "the alignment counts as size");
    }
}
