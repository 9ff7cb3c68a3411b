//! The module's allocator: power-of-two size classes, each with a free list, carved from memory
//! the module grows page by page. A few hundred bytes of wasm where dlmalloc costs about seven
//! KiB; the price is up to 2× rounding per block and memory that is reused but never returned
//! (wasm memory cannot shrink anyway). The SDK's blocks are few and short-lived: events, bodies,
//! context copies.

use core::alloc::{GlobalAlloc, Layout};
use core::cell::UnsafeCell;

const PAGE: usize = 64 * 1024;
/// Classes 8 B, 16 B, … 2^31 B.
const CLASSES: usize = 29;

/// The size class of a layout: its size and alignment rounded up to a power of two, at least 8.
pub fn class(layout: Layout) -> usize {
    let size = layout.size().max(layout.align()).max(8).next_power_of_two();
    size.trailing_zeros() as usize - 3
}

pub struct Heap<G> {
    state: UnsafeCell<State>,
    /// Grows the memory by `pages`; the start address of the new pages, or `None`.
    grow: G,
}

#[derive(Default)]
struct State {
    free: [usize; CLASSES],
    top: usize,
    end: usize,
}

// SAFETY: the module runs on one thread with no shared memory (see `state::Local`).
unsafe impl<G> Sync for Heap<G> {}

impl<G: Fn(usize) -> Option<usize>> Heap<G> {
    pub const fn new(grow: G) -> Heap<G> {
        Heap {
            state: UnsafeCell::new(State {
                free: [0; CLASSES],
                top: 0,
                end: 0,
            }),
            grow,
        }
    }
}

unsafe impl<G: Fn(usize) -> Option<usize>> GlobalAlloc for Heap<G> {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let c = class(layout);
        if c >= CLASSES {
            return core::ptr::null_mut();
        }
        let s = &mut *self.state.get();
        let head = s.free[c];
        if head != 0 {
            // A free block's first word links to the next free block of its class.
            s.free[c] = *(head as *const usize);
            return head as *mut u8;
        }
        let size = 8usize << c;
        // Blocks are aligned to their size up to a page, which covers any alignment asked.
        let align = size.min(PAGE);
        let mut start = (s.top + align - 1) & !(align - 1);
        if start + size > s.end {
            let pages = (size + align).div_ceil(PAGE);
            let Some(base) = (self.grow)(pages) else {
                return core::ptr::null_mut();
            };
            if base != s.end {
                s.top = base; // not contiguous with what we had: start over there
            }
            s.end = base + pages * PAGE;
            start = (s.top + align - 1) & !(align - 1);
        }
        s.top = start + size;
        start as *mut u8
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        let c = class(layout);
        let s = &mut *self.state.get();
        *(ptr as *mut usize) = s.free[c];
        s.free[c] = ptr as usize;
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let new = Layout::from_size_align_unchecked(new_size, layout.align());
        if class(new) == class(layout) {
            return ptr; // the block already has room
        }
        let out = self.alloc(new);
        if !out.is_null() {
            core::ptr::copy_nonoverlapping(ptr, out, layout.size().min(new_size));
            self.dealloc(ptr, layout);
        }
        out
    }
}

#[cfg(target_arch = "wasm32")]
#[global_allocator]
static HEAP: Heap<fn(usize) -> Option<usize>> = Heap::new(|pages| {
    let previous = core::arch::wasm32::memory_grow(0, pages);
    (previous != usize::MAX).then(|| previous * PAGE)
});

#[cfg(test)]
mod tests {
    use super::*;
    use std::cell::Cell;

    fn layout(size: usize, align: usize) -> Layout {
        Layout::from_size_align(size, align).unwrap()
    }

    #[test]
    fn classes_round_up_to_powers_of_two() {
        assert_eq!(class(layout(1, 1)), 0);
        assert_eq!(class(layout(8, 8)), 0);
        assert_eq!(class(layout(9, 1)), 1);
        assert_eq!(class(layout(4, 64)), 3);
        assert_eq!(class(layout(100_000, 8)), 14);
    }

    /// A heap over a real buffer, growing it a page at a time.
    fn with_heap(test: impl FnOnce(&dyn GlobalAlloc, &Cell<usize>)) {
        let arena = vec![0u8; 64 * PAGE];
        let base = arena.as_ptr() as usize;
        let base = (base + PAGE - 1) & !(PAGE - 1);
        let used = Cell::new(0);
        let heap = Heap::new(|pages: usize| {
            let start = base + used.get() * PAGE;
            used.set(used.get() + pages);
            (used.get() < 63).then_some(start)
        });
        test(&heap, &used);
        drop(arena);
    }

    #[test]
    fn freed_blocks_are_reused_and_blocks_do_not_overlap() {
        with_heap(|heap, used| unsafe {
            let a = heap.alloc(layout(24, 8));
            let b = heap.alloc(layout(24, 8));
            assert_eq!(b as usize - a as usize, 32, "one class, side by side");
            a.write_bytes(0xaa, 24);
            b.write_bytes(0xbb, 24);
            assert_eq!(*a.add(23), 0xaa);
            heap.dealloc(a, layout(24, 8));
            assert_eq!(
                heap.alloc(layout(30, 8)),
                a,
                "the freed block serves its class"
            );
            let big = heap.alloc(layout(3 * PAGE, 8));
            assert_eq!(big as usize % PAGE, 0);
            assert!(used.get() >= 4, "memory grew for the large block");
            let aligned = heap.alloc(layout(16, 256));
            assert_eq!(aligned as usize % 256, 0);
        });
    }

    #[test]
    fn realloc_keeps_the_bytes_and_stays_in_place_within_a_class() {
        with_heap(|heap, _| unsafe {
            let p = heap.alloc(layout(20, 1));
            for i in 0..20 {
                *p.add(i) = i as u8;
            }
            assert_eq!(heap.realloc(p, layout(20, 1), 32), p);
            let q = heap.realloc(p, layout(32, 1), 1000);
            assert_ne!(q, p);
            assert!((0..20).all(|i| *q.add(i) == i as u8));
            // The old block went back to its class.
            assert_eq!(heap.alloc(layout(32, 1)), p);
        });
    }

    #[test]
    fn out_of_memory_is_a_null_pointer() {
        with_heap(|heap, _| unsafe {
            assert!(heap.alloc(layout(100 * PAGE, 8)).is_null());
        });
    }
}
