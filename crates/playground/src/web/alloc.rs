//! The page's memory allocator: blocks in size classes (four between each
//! power of two and the next), each class with its own list of freed
//! blocks, new blocks cut from the end of the wasm memory.
//!
//! Why not the default (dlmalloc): it is 8 KB of the page's wasm (3 KB of
//! its gzip) for splitting and merging blocks of any size, which the page
//! does not need: what it allocates comes back in the same few sizes
//! (matrices of a network, pixel buffers, strings for the read-outs), so a
//! freed block of a class is soon taken again. The price is up to a quarter
//! more than the size asked for (a block is 4, 5, 6 or 7 × 2ᵏ bytes, at
//! least 16) and blocks that never go back to another class; the wasm
//! memory never shrinks anyway. Allocating and freeing are a few
//! instructions each.
//!
//! Blocks are cut 16-byte aligned, one after another (aligning each to its
//! size would leave gaps up to a page wide: 50 playground elements mounted
//! and removed then grew the memory by five pages, not one or two). The
//! rare layout that needs more alignment gets a new block cut at it.
//!
//! The page's wasm runs on one thread (no atomics), so the state needs no
//! lock.

use std::alloc::{GlobalAlloc, Layout};
use std::arch::wasm32::{memory_grow, memory_size};
use std::cell::UnsafeCell;
use std::ptr::null_mut;

use super::size_class::{self, CLASSES, SMALLEST};

/// A wasm memory page.
const PAGE: usize = 65_536;

struct Blocks {
    /// Per class (see `size_class.rs`): the first freed block; each freed block
    /// holds the address of the next in its first word (0 ends it).
    free: UnsafeCell<[usize; CLASSES]>,
    /// Where the next new block may start, and where the memory ends.
    end: UnsafeCell<usize>,
    limit: UnsafeCell<usize>,
}

// One thread: see the module's comment.
unsafe impl Sync for Blocks {}

#[global_allocator]
static BLOCKS: Blocks = Blocks {
    free: UnsafeCell::new([0; CLASSES]),
    end: UnsafeCell::new(0),
    limit: UnsafeCell::new(0),
};

/// The size class of a layout and its blocks' size (see `size_class.rs`).
fn class(layout: Layout) -> Option<(usize, usize)> {
    size_class::class(layout.size(), layout.align())
}

impl Blocks {
    /// A block of `size` bytes never used before: cut at the end, aligned
    /// to `align` (at least 16 bytes), the memory grown if needed.
    unsafe fn cut(&self, size: usize, align: usize) -> *mut u8 {
        let (end, limit) = (&mut *self.end.get(), &mut *self.limit.get());
        if *limit == 0 {
            // The first block: everything up to here is the program's
            // data and stack.
            *limit = memory_size(0) * PAGE;
            *end = *limit;
        }
        let align = align.max(SMALLEST);
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
        let Some((k, size)) = class(layout) else {
            return null_mut();
        };
        let free = &mut *self.free.get();
        match free[k] {
            block if block != 0 && layout.align() <= SMALLEST => {
                free[k] = *(block as *const usize);
                block as *mut u8
            }
            _ => self.cut(size, layout.align()),
        }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        if let Some((k, _)) = class(layout) {
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
