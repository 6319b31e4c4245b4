//! The strong pairs of the Pearson matrix without the whole matrix: what the
//! high-correlation alert needs when a file is loaded.
//!
//! A screening pass estimates every pair's coefficient cheaply; each pair
//! whose estimate is not clearly below the threshold is then computed exactly
//! by [`pearson_pair`], the matrix's own arithmetic. So the values kept are
//! the matrix's bit for bit, and no pair at or above the threshold is missed.
//!
//! The estimate: each column is shifted by its mean over its finite rows and
//! a missing cell reads as 0, so a product with a missing cell adds nothing.
//! Per pair, `S = Σ dx·dy` runs over all rows (one multiply-add per row and
//! pair, four pairs at a time, on chunks of rows that stay in cache); the
//! pairwise-complete count and sums `A = Σ dx`, `P = Σ dx²`, `B = Σ dy`,
//! `Q = Σ dy²` are the columns' own totals minus the few rows where the other
//! column is missing. Then `sxy = S - A·B/n`, `sxx = P - A²/n`,
//! `syy = Q - B²/n` and `r ≈ sxy / √(sxx·syy)`.
//!
//! How far the estimate may be from the exact value: every sum above has a
//! rounding error of at most `rows · ε` times the sum of its terms' absolute
//! values, which Cauchy–Schwarz bounds by the columns' own totals `Ux = Σ dx²`
//! and `Uy = Σ dy²` (times `rows / n` for the corrections). The error of `r`
//! is then below `rows · ε · (rows / n) · c · (Ux/sxx + Uy/syy + 1)` with a
//! small `c`, which covers the exact computation's own error too; the screen
//! uses `c = 32`, several times more than needed. A pair is left out only
//! when `|estimate| + margin` is below the threshold, everything is finite and
//! both `sxx` and `syy` are positive; anything else is computed exactly.

use super::pearson_matrix::pearson_pair;

/// Rows of every column centred at once (all columns' chunks stay in cache).
const CHUNK_ROWS: usize = 1024;
/// Safety factor of the error margin (see the module documentation).
const MARGIN_FACTOR: f64 = 32.0;

/// One column's shift and its own totals over its finite rows.
#[derive(Clone, Copy, Default)]
struct ColumnTotals {
    /// Subtracted from every value (the mean of the finite values, or 0).
    shift: f64,
    /// Rows where the value is not finite.
    missing: usize,
    /// `Σ d` and `Σ d²` over the finite rows (`d = x - shift`).
    sum: f64,
    sum_sq: f64,
}

/// Per pair `(x, y)`: `Σ dx·dy` and what to take off the columns' totals for
/// the rows where the other side is missing.
#[derive(Clone, Copy, Default)]
struct PairSums {
    cross: f64,
    /// `Σ dx`, `Σ dx²` over the rows where `y` is missing.
    x_out: f64,
    xx_out: f64,
    /// `Σ dy`, `Σ dy²` over the rows where `x` is missing.
    y_out: f64,
    yy_out: f64,
    /// Rows where both are missing.
    both_missing: usize,
}

/// The Pearson matrix of `data` (equally long columns) reduced to the pairs
/// whose absolute coefficient is at least `min_abs`: those carry
/// [`pearson_pair`]'s value bit for bit, every other entry (and the
/// diagonal) is `None`.
pub(super) fn strong_pairs(data: &[&[f64]], min_abs: f64) -> Vec<Vec<Option<f64>>> {
    let k = data.len();
    let rows = data.first().map_or(0, |c| c.len());
    let mut values = vec![vec![None; k]; k];
    let keep = |r: Option<f64>| r.filter(|r| r.abs() >= min_abs);
    if data.iter().any(|c| c.len() != rows) {
        for i in 0..k {
            for j in i + 1..k {
                let r = keep(pearson_pair(data[i], data[j]));
                values[i][j] = r;
                values[j][i] = r;
            }
        }
        return values;
    }
    let (totals, pairs) = screen(data, rows);
    for i in 0..k {
        for j in i + 1..k {
            let (Some(x), Some(y), Some(sums)) =
                (totals.get(i), totals.get(j), pairs.get(pair_index(k, i, j)))
            else {
                continue;
            };
            if clearly_weak(rows, x, y, sums, min_abs) {
                continue;
            }
            let r = keep(pearson_pair(data[i], data[j]));
            values[i][j] = r;
            values[j][i] = r;
        }
    }
    values
}

/// Position of pair `(i, j)`, `i < j < k`, in the upper triangle row by row.
fn pair_index(k: usize, i: usize, j: usize) -> usize {
    i * k - i * (i + 1) / 2 + (j - i - 1)
}

/// True when the pair's exact `|r|` is surely below `min_abs` (or undefined
/// for lack of rows): its estimate plus the error margin is below it.
fn clearly_weak(
    rows: usize,
    x: &ColumnTotals,
    y: &ColumnTotals,
    sums: &PairSums,
    min_abs: f64,
) -> bool {
    let n = (rows + sums.both_missing)
        .saturating_sub(x.missing)
        .saturating_sub(y.missing);
    if n < 2 {
        // The exact coefficient is undefined: fewer than two complete rows.
        return true;
    }
    let nf = n as f64;
    let a = x.sum - sums.x_out;
    let p = x.sum_sq - sums.xx_out;
    let b = y.sum - sums.y_out;
    let q = y.sum_sq - sums.yy_out;
    let sxy = sums.cross - a * b / nf;
    let sxx = p - a * a / nf;
    let syy = q - b * b / nf;
    if !(sxx > 0.0 && syy > 0.0) {
        return false;
    }
    let estimate = sxy / (sxx * syy).sqrt();
    let rows_f = rows as f64;
    let spread = x.sum_sq / sxx + y.sum_sq / syy + 1.0;
    let margin = MARGIN_FACTOR * rows_f * f64::EPSILON * (rows_f / nf) * spread;
    estimate.is_finite() && margin.is_finite() && estimate.abs() + margin < min_abs
}

/// The columns' totals and every pair's sums, chunk of rows by chunk of rows.
fn screen(data: &[&[f64]], rows: usize) -> (Vec<ColumnTotals>, Vec<PairSums>) {
    let k = data.len();
    let mut totals: Vec<ColumnTotals> = data
        .iter()
        .map(|c| ColumnTotals {
            shift: finite_mean(c),
            ..ColumnTotals::default()
        })
        .collect();
    let mut pairs = vec![PairSums::default(); k * k.saturating_sub(1) / 2];
    let mut centred = vec![0.0f64; k * CHUNK_ROWS];
    let mut missing: Vec<Vec<usize>> = vec![Vec::new(); k];
    let mut start = 0;
    while start < rows {
        let end = (start + CHUNK_ROWS).min(rows);
        let len = end - start;
        for (((column, total), out), miss) in data
            .iter()
            .zip(&mut totals)
            .zip(centred.chunks_exact_mut(CHUNK_ROWS))
            .zip(&mut missing)
        {
            centre_chunk(column.get(start..end).unwrap_or(&[]), total, out, miss);
        }
        let chunk: Vec<&[f64]> = centred
            .chunks_exact(CHUNK_ROWS)
            .map(|c| c.get(..len).unwrap_or(&[]))
            .collect();
        add_cross_sums(&chunk, &mut pairs);
        add_corrections(&chunk, &missing, &mut pairs);
        start = end;
    }
    (totals, pairs)
}

/// Mean of the finite values of `column` (0 when there are none or the sum
/// overflows: any shift gives a valid estimate, a close one a tight margin).
fn finite_mean(column: &[f64]) -> f64 {
    let (mut n, mut sum) = (0usize, 0.0f64);
    for &x in column {
        if x.is_finite() {
            n += 1;
            sum += x;
        }
    }
    let mean = sum / n as f64;
    if mean.is_finite() {
        mean
    } else {
        0.0
    }
}

/// Writes `values - shift` into `out` (0 for a missing value), adds to the
/// column's totals, and lists the chunk's missing rows in `missing`.
fn centre_chunk(
    values: &[f64],
    total: &mut ColumnTotals,
    out: &mut [f64],
    missing: &mut Vec<usize>,
) {
    missing.clear();
    let (mut sum, mut sum_sq) = (0.0f64, 0.0f64);
    for (r, (&x, d)) in values.iter().zip(out.iter_mut()).enumerate() {
        if x.is_finite() {
            let v = x - total.shift;
            *d = v;
            sum += v;
            sum_sq += v * v;
        } else {
            *d = 0.0;
            missing.push(r);
        }
    }
    total.sum += sum;
    total.sum_sq += sum_sq;
    total.missing += missing.len();
}

/// Adds `Σ dx·dy` over one chunk to every pair, four pairs sharing each
/// load of `dx`.
fn add_cross_sums(chunk: &[&[f64]], pairs: &mut [PairSums]) {
    let k = chunk.len();
    for (i, x) in chunk.iter().enumerate() {
        let mut j = i + 1;
        while j + 4 <= k {
            if let (Some(&y0), Some(&y1), Some(&y2), Some(&y3)) = (
                chunk.get(j),
                chunk.get(j + 1),
                chunk.get(j + 2),
                chunk.get(j + 3),
            ) {
                let sums = dot4(x, [y0, y1, y2, y3]);
                for (offset, s) in sums.into_iter().enumerate() {
                    if let Some(p) = pairs.get_mut(pair_index(k, i, j + offset)) {
                        p.cross += s;
                    }
                }
            }
            j += 4;
        }
        while j < k {
            if let (Some(y), Some(p)) = (chunk.get(j), pairs.get_mut(pair_index(k, i, j))) {
                p.cross += dot(x, y);
            }
            j += 1;
        }
    }
}

/// `Σ x·y[k]` for four columns `y` in one sweep (independent sums).
#[inline]
fn dot4(x: &[f64], y: [&[f64]; 4]) -> [f64; 4] {
    let mut acc = [0.0f64; 4];
    let rows = x.iter().zip(y[0]).zip(y[1]).zip(y[2]).zip(y[3]);
    for ((((&a, &b0), &b1), &b2), &b3) in rows {
        acc[0] += a * b0;
        acc[1] += a * b1;
        acc[2] += a * b2;
        acc[3] += a * b3;
    }
    acc
}

/// `Σ x·y` with four independent partial sums.
#[inline]
fn dot(x: &[f64], y: &[f64]) -> f64 {
    let mut acc = [0.0f64; 4];
    let (xs, ys) = (x.chunks_exact(4), y.chunks_exact(4));
    let tail: f64 = xs
        .remainder()
        .iter()
        .zip(ys.remainder())
        .map(|(a, b)| a * b)
        .sum();
    for (a, b) in xs.zip(ys) {
        for ((s, p), q) in acc.iter_mut().zip(a).zip(b) {
            *s += p * q;
        }
    }
    (acc[0] + acc[1]) + (acc[2] + acc[3]) + tail
}

/// Adds, for one chunk, each pair's sums over the rows where one side is
/// missing (`missing[c]` lists column `c`'s missing rows in the chunk).
fn add_corrections(chunk: &[&[f64]], missing: &[Vec<usize>], pairs: &mut [PairSums]) {
    let k = chunk.len();
    for i in 0..k {
        for j in i + 1..k {
            let (Some(x), Some(y), Some(x_missing), Some(y_missing)) =
                (chunk.get(i), chunk.get(j), missing.get(i), missing.get(j))
            else {
                continue;
            };
            if x_missing.is_empty() && y_missing.is_empty() {
                continue;
            }
            let Some(p) = pairs.get_mut(pair_index(k, i, j)) else {
                continue;
            };
            for &r in y_missing {
                let d = x.get(r).copied().unwrap_or(0.0);
                p.x_out += d;
                p.xx_out += d * d;
            }
            for &r in x_missing {
                let d = y.get(r).copied().unwrap_or(0.0);
                p.y_out += d;
                p.yy_out += d * d;
            }
            p.both_missing += count_common(x_missing, y_missing);
        }
    }
}

/// Values in both ascending lists.
fn count_common(a: &[usize], b: &[usize]) -> usize {
    let (mut i, mut j, mut n) = (0, 0, 0);
    while let (Some(&x), Some(&y)) = (a.get(i), b.get(j)) {
        match x.cmp(&y) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                n += 1;
                i += 1;
                j += 1;
            }
        }
    }
    n
}

#[cfg(test)]
mod tests {
    use super::super::pearson_matrix::pearson_matrix;
    use super::*;
    use crate::rng::SeededRng;

    /// The whole matrix with every entry below `min_abs` (and the diagonal) removed.
    fn filtered(data: &[&[f64]], min_abs: f64) -> Vec<Vec<Option<u64>>> {
        let m = pearson_matrix(data);
        m.iter()
            .enumerate()
            .map(|(i, row)| {
                row.iter()
                    .enumerate()
                    .map(|(j, v)| v.filter(|r| i != j && r.abs() >= min_abs).map(f64::to_bits))
                    .collect()
            })
            .collect()
    }

    fn bits(m: Vec<Vec<Option<f64>>>) -> Vec<Vec<Option<u64>>> {
        m.into_iter()
            .map(|row| row.into_iter().map(|v| v.map(f64::to_bits)).collect())
            .collect()
    }

    /// Columns built to sit near and on both sides of 0.95, with missing
    /// values, constants, huge values, offsets and lengths around the chunk size.
    fn columns(rng: &mut SeededRng, rows: usize) -> Vec<Vec<f64>> {
        let base: Vec<f64> = (0..rows).map(|_| rng.normal()).collect();
        let noise: Vec<f64> = (0..rows).map(|_| rng.normal()).collect();
        // y = base + s * noise has r = 1 / sqrt(1 + s²) with base: s = 0.3287
        // gives about 0.95.
        let near = |s: f64, offset: f64| -> Vec<f64> {
            base.iter()
                .zip(&noise)
                .map(|(b, e)| offset + b + s * e)
                .collect()
        };
        let mut cols = vec![
            base.clone(),
            near(0.3287, 0.0),
            near(0.3286, 1e6),
            near(0.3288, -5.0),
            base.iter().map(|b| -2.0 * b + 1e9).collect(),
            (0..rows).map(|_| rng.normal()).collect(),
            vec![0.1; rows],
            (0..rows)
                .map(|i| if i % 3 == 0 { 1e300 } else { 1.0 })
                .collect(),
        ];
        // Missing values in some columns (one nearly all missing).
        for (c, every) in [(1, 7), (3, 2), (5, 11), (6, 5)] {
            if let Some(col) = cols.get_mut(c) {
                for (i, v) in col.iter_mut().enumerate() {
                    if (i * 31 + c) % every == 0 {
                        *v = f64::NAN;
                    }
                }
            }
        }
        let mut sparse = near(0.2, 3.0);
        for (i, v) in sparse.iter_mut().enumerate() {
            if i % 50 != 0 {
                *v = if i % 2 == 0 { f64::NAN } else { f64::INFINITY };
            }
        }
        cols.push(sparse);
        cols
    }

    #[test]
    fn equals_the_filtered_matrix_bit_for_bit() {
        let mut rng = SeededRng::new(5);
        for rows in [0, 1, 2, 3, 17, 1023, 1024, 1025, 3000, 20_000] {
            let cols = columns(&mut rng, rows);
            let refs: Vec<&[f64]> = cols.iter().map(Vec::as_slice).collect();
            for min_abs in [0.95, 0.9499, 0.5, 0.0, 1.0] {
                assert_eq!(
                    bits(strong_pairs(&refs, min_abs)),
                    filtered(&refs, min_abs),
                    "rows {rows}, min_abs {min_abs}"
                );
            }
        }
    }

    #[test]
    fn near_threshold_pairs_are_decided_exactly() {
        let mut rng = SeededRng::new(9);
        let cols = columns(&mut rng, 20_000);
        let refs: Vec<&[f64]> = cols.iter().map(Vec::as_slice).collect();
        let m = pearson_matrix(&refs);
        // Thresholds right at, just above and just below an exact coefficient.
        let r = m[0][1].expect("defined").abs();
        for min_abs in [
            r,
            f64::from_bits(r.to_bits() + 1),
            f64::from_bits(r.to_bits() - 1),
        ] {
            assert_eq!(bits(strong_pairs(&refs, min_abs)), filtered(&refs, min_abs));
        }
    }

    #[test]
    fn unequal_lengths_use_the_common_prefix() {
        let x = [1.0, 2.0, 3.0, 4.0];
        let y = [2.0, 4.0, 6.5];
        let m = strong_pairs(&[&x, &y], 0.9);
        assert_eq!(m[0][1], pearson_pair(&x, &y));
        assert_eq!(m[0][0], None);
    }

    #[test]
    fn pair_positions_cover_the_upper_triangle_once() {
        let k = 7;
        let mut seen = Vec::new();
        for i in 0..k {
            for j in i + 1..k {
                seen.push(pair_index(k, i, j));
            }
        }
        assert_eq!(seen, (0..k * (k - 1) / 2).collect::<Vec<_>>());
        assert_eq!(count_common(&[1, 3, 5, 9], &[0, 3, 4, 9, 10]), 2);
    }
}
