//! Colours: a light theme with a dark counterpart, Okabe-Ito accents (safe for
//! the common colour-vision deficiencies), Crameri's perceptually uniform `vik`
//! diverging scale for correlations and ColorBrewer Blues for shares.
//!
//! Charts are drawn in the light colours. [`DARK_THEME`] maps the theme colours
//! (background, text, grid, the black series) to dark-theme ones; the chart
//! document carries it as a `prefers-color-scheme: dark` style, which a browser
//! applies to an `<img>` whose page uses `color-scheme: dark`. Data colours
//! (scales, series) stay the same in both themes, and text drawn on a data colour
//! uses [`ink_on`], which no theme changes.

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

/// Crameri's `vik` (Scientific colour maps, MIT licence), sampled at 11 evenly
/// spaced points from -1 (dark blue) through 0 (light grey) to +1 (dark red):
/// perceptually uniform, readable with the common colour-vision deficiencies
/// and in greyscale. Sampled with `cmcrameri` 1.8: `cmcrameri.cm.vik(t)` for
/// t = 0, 0.1, ..., 1, rounded to bytes.
const DIVERGING: [(u8, u8, u8); 11] = [
    (0x00, 0x12, 0x61),
    (0x02, 0x39, 0x7A),
    (0x11, 0x64, 0x96),
    (0x54, 0x96, 0xB7),
    (0xA7, 0xC9, 0xDA),
    (0xEC, 0xE5, 0xE0),
    (0xE1, 0xB8, 0xA0),
    (0xCC, 0x87, 0x5F),
    (0xB7, 0x5A, 0x26),
    (0x85, 0x22, 0x06),
    (0x59, 0x00, 0x08),
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

/// The WCAG 2 relative luminance of an sRGB colour.
fn luminance((r, g, b): (u8, u8, u8)) -> f64 {
    let lin = |c: u8| {
        let c = f64::from(c) / 255.0;
        if c <= 0.03928 {
            c / 12.92
        } else {
            ((c + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b)
}

/// The WCAG 2 contrast ratio of two colours (1 to 21).
fn contrast(a: (u8, u8, u8), b: (u8, u8, u8)) -> f64 {
    let (la, lb) = (luminance(a), luminance(b));
    (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
}

/// Near-black text for light data colours; a value of its own so that no theme
/// changes it.
const INK_ON_LIGHT: BackendColor = rgb(0x01, 0x01, 0x01);
/// Near-white text for dark data colours; a value of its own so that no theme
/// changes it.
const INK_ON_DARK: BackendColor = rgb(0xFE, 0xFE, 0xFE);

/// Whether text drawn on `fill` reads better light than dark (the higher WCAG
/// contrast, at least 4.5:1 for any fill).
pub(crate) fn needs_light_text(fill: BackendColor) -> bool {
    contrast(INK_ON_DARK.rgb, fill.rgb) > contrast(INK_ON_LIGHT.rgb, fill.rgb)
}

/// The text colour for a value printed on a cell of colour `fill`, in either theme.
pub(crate) fn ink_on(fill: BackendColor) -> BackendColor {
    if needs_light_text(fill) {
        INK_ON_DARK
    } else {
        INK_ON_LIGHT
    }
}

/// Light-theme colour -> dark-theme colour, for the theme colours only (as the
/// upper-case `#RRGGBB` text the SVG backend writes).
pub(crate) const DARK_THEME: [(&str, &str); 8] = [
    ("#FFFFFF", "#1B222B"), // BACKGROUND: the page's dark card colour
    ("#1F1F1F", "#E3E8EE"), // TEXT
    ("#555555", "#AEB8C4"), // MUTED
    ("#888888", "#8A95A2"), // AXIS
    ("#E4E4E4", "#36404C"), // GRID
    ("#C6DEEF", "#1F4A6B"), // PRIMARY_LIGHT: the box of a box plot
    ("#0072B2", "#3D9AD6"), // PRIMARY, lightened to keep 3:1 on the dark card
    ("#000000", "#F0F0F0"), // the black series
];

/// The `<style>` element that switches a chart to the dark theme colours when
/// the viewer prefers a dark scheme. It only matches inside a standalone chart
/// (`svg:root`), so charts inlined into an HTML page keep their light colours.
pub(crate) fn dark_theme_style() -> String {
    let mut css = String::from("<style>@media (prefers-color-scheme: dark) {");
    for (light, dark) in DARK_THEME {
        css.push_str(&format!(
            "svg:root [fill=\"{light}\"]{{fill:{dark}}}svg:root [stroke=\"{light}\"]{{stroke:{dark}}}"
        ));
    }
    css.push_str("}</style>\n");
    css
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
        assert_eq!(diverging(0.0).rgb, DIVERGING[5]);
        assert_eq!(diverging(1.0).rgb, DIVERGING[10]);
        assert_eq!(diverging(7.0).rgb, DIVERGING[10]);
        assert_eq!(diverging(f64::NAN).rgb, MISSING.rgb);
    }

    #[test]
    fn text_contrast() {
        assert!(needs_light_text(diverging(1.0)));
        assert!(needs_light_text(diverging(-1.0)));
        assert!(!needs_light_text(diverging(0.0)));
        assert_eq!(ink_on(diverging(1.0)).rgb, INK_ON_DARK.rgb);
        assert_eq!(ink_on(diverging(0.0)).rgb, INK_ON_LIGHT.rgb);
    }

    fn hex(s: &str) -> (u8, u8, u8) {
        let byte = |i: usize| u8::from_str_radix(&s[i..i + 2], 16).unwrap_or(0);
        (byte(1), byte(3), byte(5))
    }

    #[test]
    fn value_text_is_readable_on_every_scale_colour() {
        for i in 0..=40 {
            let t = f64::from(i) / 40.0;
            for fill in [diverging(t * 2.0 - 1.0), sequential(t)] {
                let ratio = contrast(ink_on(fill).rgb, fill.rgb);
                assert!(ratio >= 4.5, "{:?} gives {ratio}", fill.rgb);
            }
        }
    }

    #[test]
    fn theme_colours_are_readable_in_both_themes() {
        let text = [TEXT, MUTED];
        for ink in text {
            assert!(contrast(ink.rgb, BACKGROUND.rgb) >= 4.5);
        }
        let dark = |c: BackendColor| {
            let light = format!("#{:02X}{:02X}{:02X}", c.rgb.0, c.rgb.1, c.rgb.2);
            DARK_THEME
                .iter()
                .find(|(l, _)| *l == light)
                .map_or(c.rgb, |(_, d)| hex(d))
        };
        let dark_bg = dark(BACKGROUND);
        assert_ne!(dark_bg, BACKGROUND.rgb);
        for ink in text {
            assert!(contrast(dark(ink), dark_bg) >= 4.5, "{:?}", ink.rgb);
        }
        for series in SERIES.iter().chain([PRIMARY, ACCENT].iter()) {
            assert!(
                contrast(series.rgb, BACKGROUND.rgb) >= 2.0,
                "{:?}",
                series.rgb
            );
            assert!(contrast(dark(*series), dark_bg) >= 3.0, "{:?}", series.rgb);
        }
    }

    #[test]
    fn data_text_colours_are_not_themed() {
        for ink in [INK_ON_LIGHT, INK_ON_DARK] {
            let light = format!("#{:02X}{:02X}{:02X}", ink.rgb.0, ink.rgb.1, ink.rgb.2);
            assert!(DARK_THEME.iter().all(|(l, _)| *l != light));
        }
        assert!(dark_theme_style().contains("svg:root [fill=\"#FFFFFF\"]{fill:#1B222B}"));
    }
}
