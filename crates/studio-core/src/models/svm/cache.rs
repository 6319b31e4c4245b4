//! A bounded least-recently-used cache of kernel-matrix rows (libsvm's `Cache`).
//!
//! Row `i` may be cached for its first `len` columns only (the solver's active
//! set shrinks); asking for more columns extends it. The budget is counted in
//! `f32` values; it always admits two full rows, so the row fetched just before
//! another one is never evicted by it.

/// Bookkeeping overhead charged per row, in `f32` units (libsvm charges its
/// 32-byte list node).
const HEADER_FLOATS: usize = 8;

/// LRU row cache over `l` rows.
pub(super) struct RowCache {
    rows: Vec<Vec<f32>>,
    /// Circular doubly linked list; index `l` is the sentinel.
    prev: Vec<usize>,
    next: Vec<usize>,
    /// `f32` values still available.
    free: usize,
}

impl RowCache {
    /// A cache for `l` rows within `bytes` bytes (at least two full rows).
    pub fn new(l: usize, bytes: usize) -> Self {
        let budget = (bytes / 4).saturating_sub(l.saturating_mul(HEADER_FLOATS));
        let sentinel = l;
        RowCache {
            rows: vec![Vec::new(); l],
            prev: vec![sentinel; l + 1],
            next: vec![sentinel; l + 1],
            free: budget.max(2 * l),
        }
    }

    fn sentinel(&self) -> usize {
        self.rows.len()
    }

    fn unlink(&mut self, h: usize) {
        let (p, n) = (self.prev[h], self.next[h]);
        self.next[p] = n;
        self.prev[n] = p;
    }

    /// Inserts `h` as the most recently used.
    fn link_last(&mut self, h: usize) {
        let s = self.sentinel();
        let last = self.prev[s];
        self.next[h] = s;
        self.prev[h] = last;
        self.next[last] = h;
        self.prev[s] = h;
    }

    fn evict(&mut self, h: usize) {
        self.unlink(h);
        self.free += self.rows[h].len();
        self.rows[h] = Vec::new();
    }

    /// Makes row `index` at least `len` long and most recently used. Returns the
    /// first column that still has to be filled (`>= len` when none) and the row.
    pub fn get(&mut self, index: usize, len: usize) -> (usize, &mut [f32]) {
        let have = self.rows[index].len();
        if have > 0 {
            self.unlink(index);
        }
        let mut start = len;
        if len > have {
            let more = len - have;
            while self.free < more {
                let oldest = self.next[self.sentinel()];
                if oldest == self.sentinel() {
                    break; // nothing left to evict (cannot happen: budget >= 2 rows)
                }
                self.evict(oldest);
            }
            self.rows[index].resize(len, 0.0);
            self.free = self.free.saturating_sub(more);
            start = have;
        }
        self.link_last(index);
        (start, &mut self.rows[index][..])
    }

    /// The cached part of row `index` (empty when not cached).
    pub fn row(&self, index: usize) -> &[f32] {
        &self.rows[index]
    }

    /// Swaps rows `i` and `j` and columns `i` and `j` of every cached row; rows
    /// that hold column `i` but not column `j` are dropped.
    pub fn swap_index(&mut self, i: usize, j: usize) {
        if i == j {
            return;
        }
        if !self.rows[i].is_empty() {
            self.unlink(i);
        }
        if !self.rows[j].is_empty() {
            self.unlink(j);
        }
        self.rows.swap(i, j);
        if !self.rows[i].is_empty() {
            self.link_last(i);
        }
        if !self.rows[j].is_empty() {
            self.link_last(j);
        }
        let (lo, hi) = if i < j { (i, j) } else { (j, i) };
        let s = self.sentinel();
        let mut h = self.next[s];
        while h != s {
            let following = self.next[h];
            let len = self.rows[h].len();
            if len > lo {
                if len > hi {
                    self.rows[h].swap(lo, hi);
                } else {
                    self.evict(h);
                }
            }
            h = following;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn extends_rows_and_evicts_least_recent() {
        // Budget: max(bytes / 4 - 8 l, 2 l) = 2 * 4 = 8 floats for l = 4.
        let mut c = RowCache::new(4, 0);
        let (start, row) = c.get(0, 4);
        assert_eq!(start, 0);
        row.copy_from_slice(&[1.0, 2.0, 3.0, 4.0]);
        let (start, _) = c.get(1, 2);
        assert_eq!(start, 0);
        // Row 0 is cached in full: nothing to fill.
        let (start, row) = c.get(0, 3);
        assert_eq!((start, row.len()), (3, 4));
        // Extending row 1 to 4 needs 2 more floats: 8 - 6 = 2 free, no eviction.
        let (start, _) = c.get(1, 4);
        assert_eq!(start, 2);
        assert_eq!(c.row(0), &[1.0, 2.0, 3.0, 4.0]);
        // Row 2 needs 4: evicts the least recently used, row 0.
        let (start, _) = c.get(2, 4);
        assert_eq!(start, 0);
        assert!(c.row(0).is_empty());
        assert_eq!(c.row(1).len(), 4);
    }

    #[test]
    fn swap_moves_rows_and_columns() {
        let mut c = RowCache::new(4, 1 << 20);
        c.get(0, 4).1.copy_from_slice(&[0.0, 1.0, 2.0, 3.0]);
        c.get(3, 2).1.copy_from_slice(&[30.0, 31.0]);
        c.swap_index(3, 1);
        // Row 3's data moved to position 1; row 0's columns 1 and 3 swapped;
        // the moved row holds column 1 but not column 3: dropped.
        assert_eq!(c.row(0), &[0.0, 3.0, 2.0, 1.0]);
        assert!(c.row(1).is_empty());
        assert!(c.row(3).is_empty());
        // The LRU list is still consistent: fill everything again.
        for i in 0..4 {
            let (start, row) = c.get(i, 4);
            assert!(start <= 4 && row.len() == 4);
        }
    }
}
