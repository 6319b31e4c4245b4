//! DOM-free charts for ML Studio, rendered as standalone SVG documents.
//!
//! Every chart function returns the complete text of an `<svg>` document with
//! `xmlns`, `role="img"`, a `<title>` and a `<desc>` that states the data in words.
//! Shapes and text are drawn through the [`plotters_svg::SVGBackend`] (the plotters
//! SVG backend); layout, ticks and text fitting are done here, without any font
//! files: text is emitted as SVG `<text>` elements and the viewer's own sans-serif
//! font renders it. The same code runs natively in tests and in a Web Worker on
//! wasm32, and no function panics on any input.
//!
//! All user text (titles, labels, category names) is XML-escaped and stripped of
//! characters that XML 1.0 forbids.

mod axis;
mod bars;
mod bins;
mod boxplot;
mod calibration;
mod canvas;
mod confusion;
pub mod drift_overlay;
mod escape;
mod heatmap;
mod histogram;
mod importance;
mod learning_curve;
mod lines;
mod palette;
mod plot;
mod precision_recall;
mod residual_histogram;
mod roc;
mod scale;
mod scatter;
mod stats;
mod text;
mod waterfall;

pub use bars::bar_chart_svg;
pub use bins::{histogram_bins, histogram_bins_sorted};
pub use boxplot::{box_plot_svg, box_plot_svg_sorted};
pub use calibration::{calibration_chart, calibration_table};
pub use confusion::{confusion_chart, confusion_table};
pub use escape::xml_escape;
pub use heatmap::heatmap_svg;
pub use histogram::{histogram_svg, histogram_svg_sorted};
pub use importance::{importance_chart, importance_table};
pub use learning_curve::{
    learning_curve_chart, score_curve_table, validation_curve_chart, ScoreCurveOptions, ScoreCurves,
};
pub use lines::{line_chart, line_table, Curve, LineOptions};
pub use plot::{ChartTable, Reference, EVAL_CHART_SIZE};
pub use precision_recall::{precision_recall_chart, precision_recall_table};
pub use residual_histogram::{residual_histogram_chart, residual_histogram_table};
pub use roc::{roc_chart, roc_table};
pub use scatter::{
    predicted_vs_actual_chart, residuals, residuals_vs_predicted_chart, scatter_chart,
    scatter_table, ScatterOptions, SCATTER_MAX_POINTS,
};
pub use stats::SortedFinite;
pub use waterfall::{waterfall_chart, waterfall_table};

/// Pixel size of a chart. Sizes are clamped to a sane range when drawn
/// (width 200..=4000, height 140..=4000).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ChartSize {
    /// Width in CSS pixels.
    pub width: u32,
    /// Height in CSS pixels.
    pub height: u32,
}

impl Default for ChartSize {
    /// 560 × 320: two charts side by side fit a 1280 px page.
    fn default() -> Self {
        ChartSize {
            width: 560,
            height: 320,
        }
    }
}

impl ChartSize {
    /// The size actually drawn: each side clamped to its allowed range.
    pub(crate) fn clamped(self) -> (u32, u32) {
        (self.width.clamp(200, 4000), self.height.clamp(140, 4000))
    }
}
