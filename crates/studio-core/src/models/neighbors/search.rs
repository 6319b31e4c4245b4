//! Brute-force k-nearest-neighbour search with deterministic tie-breaking.
//!
//! Queries are taken in tiles of 64 and training rows in cache-sized chunks;
//! distances are computed for 4 x 4 blocks of (query, training row) pairs held in
//! registers. Each query keeps its k best `(distance, row)` pairs in a sorted list. A row
//! enters only when strictly closer than the current k-th, and is placed after
//! rows at an equal distance, so the result equals a stable sort by
//! `(distance, row index)` truncated to k.

use crate::matrix::Matrix;

use super::params::KnnMetric;

/// The k nearest training rows of one query, closest first.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Neighbours {
    /// Distances (true Euclidean or Manhattan distances, not squared).
    pub dist: Vec<f64>,
    /// Training-row indices.
    pub rows: Vec<usize>,
}

/// The k best candidates seen so far for one query, ordered by `(key, row)`.
struct Best {
    keys: Vec<f64>,
    rows: Vec<usize>,
    k: usize,
}

impl Best {
    fn new(k: usize) -> Self {
        Best {
            keys: Vec::with_capacity(k),
            rows: Vec::with_capacity(k),
            k,
        }
    }

    fn clear(&mut self) {
        self.keys.clear();
        self.rows.clear();
    }

    /// Offers training row `row` (rows arrive in increasing order).
    #[inline]
    fn offer(&mut self, key: f64, row: usize) {
        let len = self.keys.len();
        if len == self.k {
            match self.keys.last() {
                Some(&worst) if key < worst => {
                    self.keys.pop();
                    self.rows.pop();
                }
                _ => return,
            }
        }
        // After every key <= `key`: equal distances keep arrival (row) order.
        let pos = self.keys.partition_point(|&k| k <= key);
        self.keys.insert(pos, key);
        self.rows.insert(pos, row);
    }
}

/// Queries whose k-best lists are filled together (one pass over the training rows).
const QUERY_TILE: usize = 64;
/// Training rows per cache-resident chunk (20 features: 40 KB).
const TRAIN_CHUNK: usize = 256;
/// Register block: 4 queries x 4 training rows.
const BLOCK: usize = 4;

/// How a pair of rows is compared: the accumulated per-feature term and the
/// final key. Every pair is accumulated feature by feature, in order, with its
/// own accumulator, whichever code path handles it, so equal distances are
/// computed identically.
trait PairMetric {
    fn term(q: f64, t: f64) -> f64;
    /// The ranking key from the accumulated sum.
    fn key(sum: f64) -> f64 {
        sum
    }
    /// The reported distance from a key.
    fn distance(key: f64) -> f64;
}

/// Squared Euclidean key, square-rooted for reporting.
struct SquaredEuclidean;

impl PairMetric for SquaredEuclidean {
    #[inline(always)]
    fn term(q: f64, t: f64) -> f64 {
        let d = q - t;
        d * d
    }
    fn distance(key: f64) -> f64 {
        key.sqrt()
    }
}

/// Manhattan: the key is the distance.
struct Manhattan;

impl PairMetric for Manhattan {
    #[inline(always)]
    fn term(q: f64, t: f64) -> f64 {
        (q - t).abs()
    }
    fn distance(key: f64) -> f64 {
        key
    }
}

/// The key of one pair.
#[inline(always)]
fn pair_key<M: PairMetric>(q: &[f64], t: &[f64]) -> f64 {
    let mut sum = 0.0;
    for (&a, &b) in q.iter().zip(t) {
        sum += M::term(a, b);
    }
    M::key(sum)
}

/// Keys of a 4 x 4 block of pairs (16 accumulators kept in registers).
#[inline(always)]
fn block_keys<M: PairMetric>(
    q: [&[f64]; BLOCK],
    t: [&[f64]; BLOCK],
    d: usize,
) -> [[f64; BLOCK]; BLOCK] {
    let q = q.map(|r| &r[..d]);
    let t = t.map(|r| &r[..d]);
    let mut acc = [[0.0f64; BLOCK]; BLOCK];
    for f in 0..d {
        let tv = [t[0][f], t[1][f], t[2][f], t[3][f]];
        for (row, qr) in acc.iter_mut().zip(&q) {
            let qa = qr[f];
            for (slot, &tb) in row.iter_mut().zip(&tv) {
                *slot += M::term(qa, tb);
            }
        }
    }
    acc.map(|row| row.map(M::key))
}

/// Offers every training row of `train` to the k-best lists of the queries.
fn scan<M: PairMetric>(train: &[f64], d: usize, queries: &[&[f64]], best: &mut [Best]) {
    let n_train = train.len() / d;
    let row = |r: usize| &train[r * d..(r + 1) * d];
    for chunk_start in (0..n_train).step_by(TRAIN_CHUNK) {
        let chunk_end = (chunk_start + TRAIN_CHUNK).min(n_train);
        for (qs, bs) in queries.chunks(BLOCK).zip(best.chunks_mut(BLOCK)) {
            let mut t0 = chunk_start;
            while t0 < chunk_end {
                let tn = (chunk_end - t0).min(BLOCK);
                if qs.len() == BLOCK && tn == BLOCK {
                    let keys = block_keys::<M>(
                        [qs[0], qs[1], qs[2], qs[3]],
                        [row(t0), row(t0 + 1), row(t0 + 2), row(t0 + 3)],
                        d,
                    );
                    for (b, ks) in bs.iter_mut().zip(&keys) {
                        for (offset, &key) in ks.iter().enumerate() {
                            b.offer(key, t0 + offset);
                        }
                    }
                } else {
                    for (b, q) in bs.iter_mut().zip(qs) {
                        for r in t0..t0 + tn {
                            b.offer(pair_key::<M>(q, row(r)), r);
                        }
                    }
                }
                t0 += tn;
            }
        }
    }
}

/// Calls `visit(query_row, neighbours)` for every row of `queries`, in order.
///
/// `train` is row-major with `n_features` columns; `k` is clamped to the number
/// of training rows. Euclidean rows are ranked by squared distance (the same
/// order, computed exactly as `sum (q - t)^2`, no `|q|^2 + |t|^2 - 2 q.t`
/// cancellation) and reported square-rooted.
pub(super) fn for_each_neighbourhood(
    train: &[f64],
    n_features: usize,
    queries: &Matrix,
    k: usize,
    metric: KnnMetric,
    mut visit: impl FnMut(usize, &Neighbours),
) {
    if n_features == 0 || queries.n_cols != n_features {
        return;
    }
    let d = n_features;
    let train = &train[..train.len() - train.len() % d];
    let k = k.min(train.len() / d);
    let mut best: Vec<Best> = (0..QUERY_TILE).map(|_| Best::new(k)).collect();
    let mut out = Neighbours {
        dist: Vec::with_capacity(k),
        rows: Vec::with_capacity(k),
    };
    let query_rows: Vec<&[f64]> = queries.data.chunks_exact(d).collect();
    for (tile_index, tile) in query_rows.chunks(QUERY_TILE).enumerate() {
        let best = &mut best[..tile.len()];
        best.iter_mut().for_each(Best::clear);
        let distance: fn(f64) -> f64 = match metric {
            KnnMetric::Euclidean => {
                scan::<SquaredEuclidean>(train, d, tile, best);
                SquaredEuclidean::distance
            }
            KnnMetric::Manhattan => {
                scan::<Manhattan>(train, d, tile, best);
                Manhattan::distance
            }
        };
        for (offset, b) in best.iter().enumerate() {
            out.rows.clear();
            out.rows.extend_from_slice(&b.rows);
            out.dist.clear();
            out.dist.extend(b.keys.iter().map(|&key| distance(key)));
            visit(tile_index * QUERY_TILE + offset, &out);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all(train: &[f64], d: usize, q: &Matrix, k: usize, m: KnnMetric) -> Vec<Neighbours> {
        let mut v = Vec::new();
        for_each_neighbourhood(train, d, q, k, m, |i, n| {
            assert_eq!(i, v.len());
            v.push(n.clone());
        });
        v
    }

    #[test]
    fn equals_a_stable_sort_by_distance_then_row() {
        // Deterministic pseudo-random points on a coarse grid: many exact ties.
        let mut rng = crate::rng::SeededRng::new(5);
        let (n, d) = (200, 3);
        let train: Vec<f64> = (0..n * d).map(|_| rng.below(4) as f64).collect();
        let q = Matrix {
            n_rows: 21,
            n_cols: d,
            data: (0..21 * d).map(|_| rng.below(4) as f64).collect(),
        };
        for metric in [KnnMetric::Euclidean, KnnMetric::Manhattan] {
            for k in [1, 5, 17, 200, 500] {
                let got = all(&train, d, &q, k, metric);
                assert_eq!(got.len(), 21);
                for (qi, nb) in got.iter().enumerate() {
                    let qr = q.row(qi);
                    let mut want: Vec<(f64, usize)> = train
                        .chunks(d)
                        .enumerate()
                        .map(|(r, t)| {
                            let s: f64 = match metric {
                                KnnMetric::Euclidean => {
                                    t.iter().zip(qr).map(|(a, b)| (a - b) * (a - b)).sum()
                                }
                                KnnMetric::Manhattan => {
                                    t.iter().zip(qr).map(|(a, b)| (a - b).abs()).sum()
                                }
                            };
                            (s, r)
                        })
                        .collect();
                    want.sort_by(|a, b| a.0.total_cmp(&b.0)); // stable
                    want.truncate(k.min(n));
                    let rows: Vec<usize> = want.iter().map(|w| w.1).collect();
                    assert_eq!(nb.rows, rows, "metric {metric:?} k {k} query {qi}");
                    let dist: Vec<f64> = want
                        .iter()
                        .map(|w| match metric {
                            KnnMetric::Euclidean => w.0.sqrt(),
                            KnnMetric::Manhattan => w.0,
                        })
                        .collect();
                    assert_eq!(nb.dist, dist);
                }
            }
        }
    }

    #[test]
    fn block_and_single_pair_paths_agree_bit_for_bit() {
        let mut rng = crate::rng::SeededRng::new(9);
        let d = 7;
        let rows: Vec<Vec<f64>> = (0..8)
            .map(|_| (0..d).map(|_| rng.normal()).collect())
            .collect();
        let q = [&rows[0][..], &rows[1][..], &rows[2][..], &rows[3][..]];
        let t = [&rows[4][..], &rows[5][..], &rows[6][..], &rows[0][..]];
        let keys = block_keys::<SquaredEuclidean>(q, t, d);
        let l1 = block_keys::<Manhattan>(q, t, d);
        for a in 0..BLOCK {
            for b in 0..BLOCK {
                assert_eq!(keys[a][b], pair_key::<SquaredEuclidean>(q[a], t[b]));
                assert_eq!(l1[a][b], pair_key::<Manhattan>(q[a], t[b]));
            }
        }
        assert_eq!(keys[0][3], 0.0);
    }

    #[test]
    fn width_mismatch_visits_nothing() {
        let q = Matrix::zeros(2, 3);
        let mut n = 0;
        for_each_neighbourhood(&[0.0; 4], 2, &q, 1, KnnMetric::Euclidean, |_, _| n += 1);
        assert_eq!(n, 0);
    }
}
