//! Dense, row-major feature matrix handed to models (always finite values).

use serde::{Deserialize, Serialize};

/// A dense row-major matrix of finite `f64`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Matrix {
    pub n_rows: usize,
    pub n_cols: usize,
    pub data: Vec<f64>,
}

impl Matrix {
    /// A matrix of zeros.
    pub fn zeros(n_rows: usize, n_cols: usize) -> Self {
        Matrix {
            n_rows,
            n_cols,
            data: vec![0.0; n_rows * n_cols],
        }
    }

    /// Row `i` as a slice. Panics only on a programming error (i out of range).
    pub fn row(&self, i: usize) -> &[f64] {
        &self.data[i * self.n_cols..(i + 1) * self.n_cols]
    }

    /// Mutable row `i`.
    pub fn row_mut(&mut self, i: usize) -> &mut [f64] {
        &mut self.data[i * self.n_cols..(i + 1) * self.n_cols]
    }

    /// Value at row `i`, column `j`.
    pub fn get(&self, i: usize, j: usize) -> f64 {
        self.data[i * self.n_cols + j]
    }

    /// A new matrix with only the given rows, in that order.
    pub fn select_rows(&self, rows: &[usize]) -> Matrix {
        let mut data = Vec::with_capacity(rows.len() * self.n_cols);
        for &r in rows {
            data.extend_from_slice(self.row(r));
        }
        Matrix {
            n_rows: rows.len(),
            n_cols: self.n_cols,
            data,
        }
    }

    /// True when every value is finite (what models require).
    pub fn all_finite(&self) -> bool {
        self.data.iter().all(|x| x.is_finite())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_and_selection() {
        let m = Matrix {
            n_rows: 3,
            n_cols: 2,
            data: vec![1.0, 2.0, 3.0, 4.0, 5.0, 6.0],
        };
        assert_eq!(m.row(1), &[3.0, 4.0]);
        assert_eq!(m.get(2, 1), 6.0);
        let s = m.select_rows(&[2, 0]);
        assert_eq!(s.data, vec![5.0, 6.0, 1.0, 2.0]);
        assert!(m.all_finite());
        let mut bad = m.clone();
        bad.data[0] = f64::NAN;
        assert!(!bad.all_finite());
    }
}
