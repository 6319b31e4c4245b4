//! The Pearson matrix: every pair's coefficient on its pairwise-complete
//! rows, with the arithmetic of a separate two-pass computation per pair
//! (so each value is that of [`pearson`](super::correlation::pearson) bit for
//! bit) but with the work shared:
//!
//! - rows are swept in chunks that stay in cache while every pair reads them,
//!   [`LANES`] pairs at a time (independent sums the processor overlaps);
//! - a row missing on either side adds `-0.0`, which leaves a floating-point
//!   sum exactly as it was, so rows are masked without branches;
//! - a column's own count, sum and centred sum of squares over its finite
//!   rows are computed once; a pair whose complete rows are exactly one
//!   column's finite rows (the other column has no missing value) reuses them,
//!   and a pair of two complete columns only needs `Σdx·dy`.

use super::correlation::pearson;

/// Pearson of one pair on its pairwise-complete rows (the common prefix of
/// unequal lengths).
pub(super) fn pearson_pair(x: &[f64], y: &[f64]) -> Option<f64> {
    let n = x.len().min(y.len());
    let (Some(x), Some(y)) = (x.get(..n), y.get(..n)) else {
        return None;
    };
    let mut sums = [PairSums::new()];
    first_pass([x], [y], &mut sums);
    let means = [sums[0].means()];
    second_pass([x], [y], means, &mut sums);
    sums[0].r()
}

/// Pairs computed together in one pass over the rows (independent sums, so
/// the processor overlaps them).
const LANES: usize = 4;
/// Rows per chunk of the matrix sweeps: every column's chunk stays in cache
/// while all pairs read it.
const CHUNK_ROWS: usize = 2048;

/// Running sums of one pair over its pairwise-complete rows, in row order.
#[derive(Clone, Copy)]
struct PairSums {
    n: usize,
    sx: f64,
    sy: f64,
    sxy: f64,
    sxx: f64,
    syy: f64,
}

impl PairSums {
    fn new() -> Self {
        // The start value of `Iterator::sum` for f64, as `pearson_aligned`'s
        // means use it; its second-pass sums start at 0.0.
        let start: f64 = std::iter::empty::<f64>().sum();
        PairSums {
            n: 0,
            sx: start,
            sy: start,
            sxy: 0.0,
            sxx: 0.0,
            syy: 0.0,
        }
    }

    fn means(&self) -> (f64, f64) {
        (self.sx / self.n as f64, self.sy / self.n as f64)
    }

    /// `pearson_aligned`'s result from the sums.
    fn r(&self) -> Option<f64> {
        if self.n < 2 || self.sxx <= 0.0 || self.syy <= 0.0 {
            return None;
        }
        let r = self.sxy / (self.sxx * self.syy).sqrt();
        r.is_finite().then_some(r.clamp(-1.0, 1.0))
    }
}

/// All ones when `ok`, else zero (a select mask without a branch).
#[inline]
fn mask_of(ok: bool) -> u64 {
    0u64.wrapping_sub(u64::from(ok))
}

/// `v` where `mask` is all ones, else `-0.0`: adding `-0.0` leaves any sum
/// exactly as it was, so a masked-out row changes nothing.
#[inline]
fn keep_or_skip(v: f64, mask: u64) -> f64 {
    const NEGATIVE_ZERO: u64 = 1 << 63;
    f64::from_bits((v.to_bits() & mask) | (NEGATIVE_ZERO & !mask))
}

/// Adds rows of `L` pairs (`xs[k]`, `ys[k]`, equally long) to their first-pass
/// sums. A row missing on either side adds `-0.0`, which leaves a
/// floating-point sum exactly as it was: the sums are those of the complete
/// pairs alone, as `pearson_aligned` forms them.
#[inline]
fn first_pass<const L: usize>(xs: [&[f64]; L], ys: [&[f64]; L], acc: &mut [PairSums; L]) {
    let rows = xs.iter().chain(&ys).map(|c| c.len()).min().unwrap_or(0);
    let (mut n, mut sx, mut sy) = ([0usize; L], [0.0f64; L], [0.0f64; L]);
    for k in 0..L {
        (n[k], sx[k], sy[k]) = (acc[k].n, acc[k].sx, acc[k].sy);
    }
    for r in 0..rows {
        for k in 0..L {
            let (a, b) = (xs[k][r], ys[k][r]);
            let ok = a.is_finite() & b.is_finite();
            let mask = mask_of(ok);
            n[k] += usize::from(ok);
            sx[k] += keep_or_skip(a, mask);
            sy[k] += keep_or_skip(b, mask);
        }
    }
    for k in 0..L {
        (acc[k].n, acc[k].sx, acc[k].sy) = (n[k], sx[k], sy[k]);
    }
}

/// The second pass of [`first_pass`]'s pairs, given their means.
#[inline]
fn second_pass<const L: usize>(
    xs: [&[f64]; L],
    ys: [&[f64]; L],
    means: [(f64, f64); L],
    acc: &mut [PairSums; L],
) {
    let rows = xs.iter().chain(&ys).map(|c| c.len()).min().unwrap_or(0);
    let (mut sxy, mut sxx, mut syy) = ([0.0f64; L], [0.0f64; L], [0.0f64; L]);
    for k in 0..L {
        (sxy[k], sxx[k], syy[k]) = (acc[k].sxy, acc[k].sxx, acc[k].syy);
    }
    for r in 0..rows {
        for k in 0..L {
            let (a, b) = (xs[k][r], ys[k][r]);
            let mask = mask_of(a.is_finite() & b.is_finite());
            let (dx, dy) = (a - means[k].0, b - means[k].1);
            sxy[k] += keep_or_skip(dx * dy, mask);
            sxx[k] += keep_or_skip(dx * dx, mask);
            syy[k] += keep_or_skip(dy * dy, mask);
        }
    }
    for k in 0..L {
        (acc[k].sxy, acc[k].sxx, acc[k].syy) = (sxy[k], sxx[k], syy[k]);
    }
}

/// `Σ dx·dy` for `L` pairs of complete columns (every row counts), given
/// their means: the only per-pair sum when both sides have no missing value.
#[inline]
fn cross_pass<const L: usize>(
    xs: [&[f64]; L],
    ys: [&[f64]; L],
    means: [(f64, f64); L],
    acc: &mut [PairSums; L],
) {
    let rows = xs.iter().chain(&ys).map(|c| c.len()).min().unwrap_or(0);
    let mut sxy = [0.0f64; L];
    for k in 0..L {
        sxy[k] = acc[k].sxy;
    }
    for r in 0..rows {
        for k in 0..L {
            sxy[k] += (xs[k][r] - means[k].0) * (ys[k][r] - means[k].1);
        }
    }
    for k in 0..L {
        acc[k].sxy = sxy[k];
    }
}

/// First pass of pairs whose `ys[k]` has no missing value: the rows are
/// those where `xs[k]` is finite, so `n` and `Σx` are `x`'s own (already in
/// the sums) and only `Σy` over those rows is added.
#[inline]
fn half_first_pass<const L: usize>(xs: [&[f64]; L], ys: [&[f64]; L], acc: &mut [PairSums; L]) {
    let rows = xs.iter().chain(&ys).map(|c| c.len()).min().unwrap_or(0);
    let mut sy = [0.0f64; L];
    for k in 0..L {
        sy[k] = acc[k].sy;
    }
    for r in 0..rows {
        for k in 0..L {
            let mask = mask_of(xs[k][r].is_finite());
            sy[k] += keep_or_skip(ys[k][r], mask);
        }
    }
    for k in 0..L {
        acc[k].sy = sy[k];
    }
}

/// Second pass of [`half_first_pass`]'s pairs: `Σ(x - mx)²` is `x`'s own
/// (already in the sums); `Σdx·dy` and `Σdy²` are added.
#[inline]
fn half_second_pass<const L: usize>(
    xs: [&[f64]; L],
    ys: [&[f64]; L],
    means: [(f64, f64); L],
    acc: &mut [PairSums; L],
) {
    let rows = xs.iter().chain(&ys).map(|c| c.len()).min().unwrap_or(0);
    let (mut sxy, mut syy) = ([0.0f64; L], [0.0f64; L]);
    for k in 0..L {
        (sxy[k], syy[k]) = (acc[k].sxy, acc[k].syy);
    }
    for r in 0..rows {
        for k in 0..L {
            let (a, b) = (xs[k][r], ys[k][r]);
            let mask = mask_of(a.is_finite());
            let (dx, dy) = (a - means[k].0, b - means[k].1);
            sxy[k] += keep_or_skip(dx * dy, mask);
            syy[k] += keep_or_skip(dy * dy, mask);
        }
    }
    for k in 0..L {
        (acc[k].sxy, acc[k].syy) = (sxy[k], syy[k]);
    }
}

/// Adds `Σ(x - mean)²` over the finite values of `x`, in row order, to
/// `sums.sxx` (the x side of [`second_pass`] for a column with itself).
fn add_own_sxx(x: &[f64], mean: f64, sums: &mut PairSums) {
    for &a in x {
        let d = a - mean;
        sums.sxx += keep_or_skip(d * d, mask_of(a.is_finite()));
    }
}

/// Runs `kernel` over the rows of every pair in `pairs` (indices into
/// `data`), chunk of rows by chunk of rows, `LANES` pairs at a time.
fn sweep(
    data: &[&[f64]],
    rows: usize,
    pairs: &[(usize, usize)],
    acc: &mut [PairSums],
    mut kernel: impl FnMut([&[f64]; LANES], [&[f64]; LANES], &[(usize, usize)], &mut [PairSums; LANES]),
) {
    let mut start = 0;
    while start < rows {
        let end = (start + CHUNK_ROWS).min(rows);
        let part = |c: usize| data.get(c).and_then(|v| v.get(start..end)).unwrap_or(&[]);
        for (block, sums) in pairs.chunks(LANES).zip(acc.chunks_mut(LANES)) {
            // Short last block: pad with copies of its first pair, then drop them.
            let pair = |k: usize| block.get(k).or(block.first()).copied().unwrap_or((0, 0));
            let xs = std::array::from_fn(|k| part(pair(k).0));
            let ys = std::array::from_fn(|k| part(pair(k).1));
            let mut lanes: [PairSums; LANES] = std::array::from_fn(|k| {
                sums.get(k)
                    .or(sums.first())
                    .copied()
                    .unwrap_or(PairSums::new())
            });
            kernel(xs, ys, block, &mut lanes);
            for (slot, lane) in sums.iter_mut().zip(lanes) {
                *slot = lane;
            }
        }
        start = end;
    }
}

/// Pearson for every pair of `data` (equally long columns): the diagonal is
/// 1 where the column's own correlation is defined. Each pair's sums are
/// those of [`pearson`], in the same order, so the values are bit for bit
/// the same; only the work is shared (see the kernels).
pub(super) fn pearson_matrix(data: &[&[f64]]) -> Vec<Vec<Option<f64>>> {
    let n = data.len();
    let rows = data.first().map_or(0, |c| c.len());
    let mut values = vec![vec![None; n]; n];
    if data.iter().any(|c| c.len() != rows) {
        for i in 0..n {
            for j in i..n {
                let r = pearson(data[i], data[j]).map(|r| if i == j { 1.0 } else { r });
                values[i][j] = r;
                values[j][i] = r;
            }
        }
        return values;
    }
    // Each column's own count, sum and centred sum of squares over its finite
    // rows: the sums of any pair whose complete rows are exactly those.
    let complete: Vec<bool> = data
        .iter()
        .map(|c| c.iter().all(|x| x.is_finite()))
        .collect();
    let own: Vec<PairSums> = data
        .iter()
        .map(|c| {
            let mut s = [PairSums::new()];
            first_pass([c], [c], &mut s);
            let mut own = s[0];
            add_own_sxx(c, own.means().0, &mut own);
            own
        })
        .collect();
    let pairs: Vec<(usize, usize)> = (0..n).flat_map(|i| (i..n).map(move |j| (i, j))).collect();
    // Both sides complete: only Σdx·dy is per pair.
    let full_pairs: Vec<(usize, usize)> = pairs
        .iter()
        .copied()
        .filter(|&(i, j)| complete[i] && complete[j])
        .collect();
    // One side complete: the rows are the other side's, oriented (with
    // missing values, complete); r is symmetric bit for bit (the products
    // and the final product commute).
    let half_pairs: Vec<(usize, usize)> = pairs
        .iter()
        .filter_map(|&(i, j)| match (complete[i], complete[j]) {
            (false, true) => Some((i, j)),
            (true, false) => Some((j, i)),
            _ => None,
        })
        .collect();
    let masked_pairs: Vec<(usize, usize)> = pairs
        .iter()
        .copied()
        .filter(|&(i, j)| !complete[i] && !complete[j])
        .collect();
    let means = |block: &[(usize, usize)], sums: &[PairSums; LANES]| -> [(f64, f64); LANES] {
        std::array::from_fn(|k| sums[k.min(block.len().saturating_sub(1))].means())
    };

    let mut full: Vec<PairSums> = full_pairs
        .iter()
        .map(|&(i, j)| PairSums {
            sy: own[j].sx,
            syy: own[j].sxx,
            ..own[i]
        })
        .collect();
    sweep(data, rows, &full_pairs, &mut full, |xs, ys, block, sums| {
        let m = means(block, sums);
        cross_pass(xs, ys, m, sums)
    });

    let mut half: Vec<PairSums> = half_pairs
        .iter()
        .map(|&(i, _)| PairSums {
            sy: PairSums::new().sy,
            ..own[i]
        })
        .collect();
    sweep(data, rows, &half_pairs, &mut half, |xs, ys, _, sums| {
        half_first_pass(xs, ys, sums)
    });
    sweep(data, rows, &half_pairs, &mut half, |xs, ys, block, sums| {
        let m = means(block, sums);
        half_second_pass(xs, ys, m, sums)
    });

    let mut masked = vec![PairSums::new(); masked_pairs.len()];
    sweep(data, rows, &masked_pairs, &mut masked, |xs, ys, _, sums| {
        first_pass(xs, ys, sums)
    });
    sweep(
        data,
        rows,
        &masked_pairs,
        &mut masked,
        |xs, ys, block, sums| {
            let m = means(block, sums);
            second_pass(xs, ys, m, sums)
        },
    );

    let done = full_pairs.iter().zip(&full);
    let done = done.chain(half_pairs.iter().zip(&half));
    for (&(i, j), sums) in done.chain(masked_pairs.iter().zip(&masked)) {
        let r = sums.r().map(|r| if i == j { 1.0 } else { r });
        values[i][j] = r;
        values[j][i] = r;
    }
    values
}
