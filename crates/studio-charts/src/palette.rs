//! Colours: a light theme, Okabe-Ito accents (safe for the common colour-vision
//! deficiencies) and the ColorBrewer RdBu diverging scale for correlations.

use plotters_backend::BackendColor;

/// An opaque colour from its RGB bytes.
pub(crate) const fn rgb(r: u8, g: u8, b: u8) -> BackendColor {
    BackendColor {
        alpha: 1.0,
        rgb: (r, g, b),
    }
}

/// Chart background.
pub(crate) const BACKGROUND: BackendColor = rgb(0xFF, 0xFF, 0xFF);
/// Titles and value labels.
pub(crate) const TEXT: BackendColor = rgb(0x1F, 0x1F, 0x1F);
/// Tick labels, captions and notes.
pub(crate) const MUTED: BackendColor = rgb(0x55, 0x55, 0x55);
/// Axis lines.
pub(crate) const AXIS: BackendColor = rgb(0x88, 0x88, 0x88);
/// Grid lines.
pub(crate) const GRID: BackendColor = rgb(0xE4, 0xE4, 0xE4);
/// Okabe-Ito blue: bars, histogram bins, the box.
pub(crate) const PRIMARY: BackendColor = rgb(0x00, 0x72, 0xB2);
/// A light tint of the primary blue (box fill).
pub(crate) const PRIMARY_LIGHT: BackendColor = rgb(0xC6, 0xDE, 0xEF);
/// Okabe-Ito vermillion: outliers, the median.
pub(crate) const ACCENT: BackendColor = rgb(0xD5, 0x5E, 0x00);
/// Cells without a finite value.
pub(crate) const MISSING: BackendColor = rgb(0xBD, 0xBD, 0xBD);

/// ColorBrewer RdBu (9 classes) from -1 (blue) to +1 (red); ColorBrewer marks it
/// colour-blind safe.
const DIVERGING: [(u8, u8, u8); 9] = [
    (0x21, 0x66, 0xAC),
    (0x43, 0x93, 0xC3),
    (0x92, 0xC5, 0xDE),
    (0xD1, 0xE5, 0xF0),
    (0xF7, 0xF7, 0xF7),
    (0xFD, 0xDB, 0xC7),
    (0xF4, 0xA5, 0x82),
    (0xD6, 0x60, 0x4D),
    (0xB2, 0x18, 0x2B),
];

/// The diverging colour of a correlation; values are clamped to [-1, 1] and a
/// non-finite value gets [`MISSING`].
pub(crate) fn diverging(value: f64) -> BackendColor {
    if !value.is_finite() {
        return MISSING;
    }
    let t = (value.clamp(-1.0, 1.0) + 1.0) / 2.0 * (DIVERGING.len() - 1) as f64;
    let i = (t.floor() as usize).min(DIVERGING.len() - 2);
    let f = t - i as f64;
    let (a, b) = (DIVERGING[i], DIVERGING[i + 1]);
    let mix = |x: u8, y: u8| (f64::from(x) * (1.0 - f) + f64::from(y) * f).round() as u8;
    rgb(mix(a.0, b.0), mix(a.1, b.1), mix(a.2, b.2))
}

/// Whether text drawn on `fill` should be white (dark fill) rather than dark.
pub(crate) fn needs_light_text(fill: BackendColor) -> bool {
    let (r, g, b) = fill.rgb;
    let luma = 0.299 * f64::from(r) + 0.587 * f64::from(g) + 0.114 * f64::from(b);
    luma < 140.0
}

/// Okabe-Ito colours for series (curves and their legend entries), in drawing
/// order; yellow is left out for its low contrast on white.
pub(crate) const SERIES: [BackendColor; 7] = [
    rgb(0x00, 0x72, 0xB2),
    rgb(0xD5, 0x5E, 0x00),
    rgb(0x00, 0x9E, 0x73),
    rgb(0xCC, 0x79, 0xA7),
    rgb(0xE6, 0x9F, 0x00),
    rgb(0x56, 0xB4, 0xE9),
    rgb(0x00, 0x00, 0x00),
];

/// The colour of series `i` (the list repeats after [`SERIES`] is used up).
pub(crate) fn series(i: usize) -> BackendColor {
    SERIES[i % SERIES.len()]
}

/// `color` with the given opacity (bands, translucent dots).
pub(crate) fn with_alpha(color: BackendColor, alpha: f64) -> BackendColor {
    BackendColor {
        alpha: alpha.clamp(0.0, 1.0),
        rgb: color.rgb,
    }
}

/// ColorBrewer Blues (9 classes) from light to dark: a single-hue sequential
/// scale, readable with any colour-vision deficiency and in greyscale.
const SEQUENTIAL: [(u8, u8, u8); 9] = [
    (0xF7, 0xFB, 0xFF),
    (0xDE, 0xEB, 0xF7),
    (0xC6, 0xDB, 0xEF),
    (0x9E, 0xCA, 0xE1),
    (0x6B, 0xAE, 0xD6),
    (0x42, 0x92, 0xC6),
    (0x21, 0x71, 0xB5),
    (0x08, 0x51, 0x9C),
    (0x08, 0x30, 0x6B),
];

/// The sequential colour of a share `t` in [0, 1] (clamped); a non-finite share
/// gets [`MISSING`].
pub(crate) fn sequential(t: f64) -> BackendColor {
    if !t.is_finite() {
        return MISSING;
    }
    let pos = t.clamp(0.0, 1.0) * (SEQUENTIAL.len() - 1) as f64;
    let i = (pos.floor() as usize).min(SEQUENTIAL.len() - 2);
    let f = pos - i as f64;
    let (a, b) = (SEQUENTIAL[i], SEQUENTIAL[i + 1]);
    let mix = |x: u8, y: u8| (f64::from(x) * (1.0 - f) + f64::from(y) * f).round() as u8;
    rgb(mix(a.0, b.0), mix(a.1, b.1), mix(a.2, b.2))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn diverging_ends_and_middle() {
        assert_eq!(diverging(-1.0).rgb, DIVERGING[0]);
        assert_eq!(diverging(0.0).rgb, DIVERGING[4]);
        assert_eq!(diverging(1.0).rgb, DIVERGING[8]);
        assert_eq!(diverging(7.0).rgb, DIVERGING[8]);
        assert_eq!(diverging(f64::NAN).rgb, MISSING.rgb);
    }

    #[test]
    fn text_contrast() {
        assert!(needs_light_text(diverging(1.0)));
        assert!(!needs_light_text(diverging(0.0)));
    }
}
