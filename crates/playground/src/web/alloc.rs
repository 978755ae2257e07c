//! The page's memory allocator: blocks in power-of-two size classes, each
//! class with its own list of freed blocks, new blocks cut from the end of
//! the wasm memory.
//!
//! Why not the default (dlmalloc): it is 8 KB of the page's wasm (3 KB of
//! its gzip) for splitting and merging blocks of any size, which the page
//! does not need: what it allocates comes back in the same few sizes
//! (matrices of a network, pixel buffers, strings for the read-outs), so a
//! freed block of a class is soon taken again. The price is up to twice the
//! size asked for (a block is its size rounded up to a power of two) and
//! blocks that never go back to another class; the wasm memory never
//! shrinks anyway. Allocating and freeing are a few instructions each.
//!
//! The page's wasm runs on one thread (no atomics), so the state needs no
//! lock.

use std::alloc::{GlobalAlloc, Layout};
use std::arch::wasm32::{memory_grow, memory_size};
use std::cell::UnsafeCell;
use std::ptr::null_mut;

/// A wasm memory page.
const PAGE: usize = 65_536;
/// The smallest block: 16 bytes, the largest alignment the page asks for
/// (f64x2 vectors), so every block can hold any small value.
const SMALLEST: usize = 16;

struct Blocks {
    /// Per class k (blocks of 2ᵏ bytes): the first freed block; each freed
    /// block holds the address of the next in its first word (0 ends it).
    free: UnsafeCell<[usize; 32]>,
    /// Where the next new block may start, and where the memory ends.
    end: UnsafeCell<usize>,
    limit: UnsafeCell<usize>,
}

// One thread: see the module's comment.
unsafe impl Sync for Blocks {}

#[global_allocator]
static BLOCKS: Blocks = Blocks {
    free: UnsafeCell::new([0; 32]),
    end: UnsafeCell::new(0),
    limit: UnsafeCell::new(0),
};

/// The size class of a layout: its size and alignment rounded up to a
/// power of two, at least [`SMALLEST`]; `None` past 2³¹ bytes.
fn class(layout: Layout) -> Option<usize> {
    let size = layout.size().max(layout.align()).max(SMALLEST).checked_next_power_of_two()?;
    let k = size.trailing_zeros() as usize;
    (k < 32).then_some(k)
}

impl Blocks {
    /// A block of class `k` never used before: cut at the end, aligned to
    /// its size (a page at most), the memory grown if needed.
    unsafe fn cut(&self, k: usize) -> *mut u8 {
        let (end, limit) = (&mut *self.end.get(), &mut *self.limit.get());
        if *limit == 0 {
            // The first block: everything up to here is the program's
            // data and stack.
            *limit = memory_size(0) * PAGE;
            *end = *limit;
        }
        let size = 1usize << k;
        let align = size.min(PAGE);
        let start = (*end + align - 1) & !(align - 1);
        let Some(stop) = start.checked_add(size) else {
            return null_mut();
        };
        if stop > *limit {
            let pages = (stop - *limit).div_ceil(PAGE);
            if memory_grow(0, pages) == usize::MAX {
                return null_mut();
            }
            *limit += pages * PAGE;
        }
        *end = stop;
        start as *mut u8
    }
}

unsafe impl GlobalAlloc for Blocks {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let Some(k) = class(layout) else {
            return null_mut();
        };
        let free = &mut *self.free.get();
        match free[k] {
            0 => self.cut(k),
            block => {
                free[k] = *(block as *const usize);
                block as *mut u8
            }
        }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        if let Some(k) = class(layout) {
            let free = &mut *self.free.get();
            *(ptr as *mut usize) = free[k];
            free[k] = ptr as usize;
        }
    }

    /// The same block while the new size is in the same class; else a new
    /// block, the contents copied, the old one freed.
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let new_layout = Layout::from_size_align_unchecked(new_size, layout.align());
        if class(new_layout) == class(layout) {
            return ptr;
        }
        let new = self.alloc(new_layout);
        if !new.is_null() {
            std::ptr::copy_nonoverlapping(ptr, new, layout.size().min(new_size));
            self.dealloc(ptr, layout);
        }
        new
    }
}
