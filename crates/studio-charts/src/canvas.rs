//! A chart under construction: shapes and text drawn with plotters' SVG backend,
//! grouped with hover titles, and wrapped in an accessible standalone document.
//!
//! Each drawing call renders through a short-lived [`SVGBackend`] into a scratch
//! string whose `<svg>` wrapper is stripped, so plotters-drawn fragments can be
//! interleaved with the few elements plotters has no primitive for (`<g>` with a
//! `<title>`, and the document's `<title>`/`<desc>`).

use std::convert::Infallible;
use std::io;

use plotters_backend::text_anchor::{HPos, Pos, VPos};
use plotters_backend::{
    BackendColor, BackendCoord, BackendStyle, BackendTextStyle, DrawingBackend, DrawingErrorKind,
    FontFamily, FontStyle, FontTransform,
};
use plotters_svg::SVGBackend;

use crate::escape::{clean, xml_escape};
use crate::{palette, text, ChartSize};

/// The font stack; metric estimates in `text` are calibrated for these faces.
const FONT_FAMILY: &str = "Arial, Helvetica, sans-serif";

/// plotters' SVG backend writes `font-size` as the style size divided by 1.24.
const PLOTTERS_FONT_SCALE: f64 = 1.24;

/// A text style: pixel size, colour, anchor, weight and orientation.
#[derive(Clone, Copy)]
pub(crate) struct Font {
    px: f64,
    color: BackendColor,
    h: HPos,
    v: VPos,
    bold: bool,
    vertical: bool,
}

impl Font {
    /// Normal-weight text of `px` pixels anchored at its left, vertically centred.
    pub(crate) fn new(px: f64, color: BackendColor) -> Self {
        Font {
            px,
            color,
            h: HPos::Left,
            v: VPos::Center,
            bold: false,
            vertical: false,
        }
    }

    /// Anchor the text at the given horizontal and vertical position.
    pub(crate) fn anchor(mut self, h: HPos, v: VPos) -> Self {
        self.h = h;
        self.v = v;
        self
    }

    pub(crate) fn bold(mut self) -> Self {
        self.bold = true;
        self
    }

    /// Rotate the text 90° counter-clockwise (reads bottom to top).
    pub(crate) fn vertical(mut self) -> Self {
        self.vertical = true;
        self
    }
}

impl BackendTextStyle for Font {
    type FontError = Infallible;

    fn color(&self) -> BackendColor {
        self.color
    }

    fn size(&self) -> f64 {
        self.px * PLOTTERS_FONT_SCALE
    }

    fn transform(&self) -> FontTransform {
        if self.vertical {
            FontTransform::Rotate270
        } else {
            FontTransform::None
        }
    }

    fn style(&self) -> FontStyle {
        if self.bold {
            FontStyle::Bold
        } else {
            FontStyle::Normal
        }
    }

    fn anchor(&self) -> Pos {
        Pos::new(self.h, self.v)
    }

    fn family(&self) -> FontFamily<'_> {
        FontFamily::Name(FONT_FAMILY)
    }

    fn layout_box(&self, t: &str) -> Result<((i32, i32), (i32, i32)), Infallible> {
        let w = text::width(t, self.px).round() as i32;
        Ok(((0, 0), (w, self.px.round() as i32)))
    }

    fn draw<E, F: FnMut(i32, i32, BackendColor) -> Result<(), E>>(
        &self,
        _text: &str,
        _pos: BackendCoord,
        _draw: F,
    ) -> Result<Result<(), E>, Infallible> {
        // The SVG backend emits <text> itself and never rasterises glyphs.
        Ok(Ok(()))
    }
}

/// A stroke: colour and width.
struct Stroke(BackendColor, u32);

impl BackendStyle for Stroke {
    fn color(&self) -> BackendColor {
        self.0
    }

    fn stroke_width(&self) -> u32 {
        self.1
    }
}

/// A pixel rectangle (the plot area of a chart).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Area {
    pub left: i32,
    pub top: i32,
    pub right: i32,
    pub bottom: i32,
}

impl Area {
    pub(crate) fn width(&self) -> i32 {
        self.right - self.left
    }

    pub(crate) fn height(&self) -> i32 {
        self.bottom - self.top
    }
}

type DrawResult = Result<(), DrawingErrorKind<io::Error>>;

/// The body of a chart being drawn.
pub(crate) struct Canvas {
    width: u32,
    height: u32,
    body: String,
}

impl Canvas {
    /// An empty chart of (clamped) `size` with a light background.
    pub(crate) fn new(size: ChartSize) -> Self {
        let (width, height) = size.clamped();
        let mut canvas = Canvas {
            width,
            height,
            body: String::new(),
        };
        canvas.rect((0, 0), (width as i32, height as i32), palette::BACKGROUND);
        canvas
    }

    pub(crate) fn width(&self) -> i32 {
        self.width as i32
    }

    pub(crate) fn height(&self) -> i32 {
        self.height as i32
    }

    /// Run `f` against a fresh SVG backend and keep what it drew.
    fn draw(&mut self, f: impl FnOnce(&mut SVGBackend<'_>) -> DrawResult) {
        let mut scratch = String::new();
        {
            let mut backend = SVGBackend::with_string(&mut scratch, (self.width, self.height));
            // Drawing into a String cannot fail; an error would only lose this shape.
            let _ = f(&mut backend);
            let _ = backend.present();
        }
        let inner = scratch.split_once(">\n").map_or("", |(_, rest)| rest);
        let inner = inner.strip_suffix("</svg>\n").unwrap_or(inner);
        self.body.push_str(inner);
    }

    /// A filled rectangle from the upper-left to the lower-right corner.
    pub(crate) fn rect(&mut self, a: BackendCoord, b: BackendCoord, color: BackendColor) {
        let (a, b) = ((a.0.min(b.0), a.1.min(b.1)), (a.0.max(b.0), a.1.max(b.1)));
        self.draw(|bk| bk.draw_rect(a, b, &color, true));
    }

    /// A rectangle outline.
    pub(crate) fn frame(&mut self, a: BackendCoord, b: BackendCoord, color: BackendColor) {
        let (a, b) = ((a.0.min(b.0), a.1.min(b.1)), (a.0.max(b.0), a.1.max(b.1)));
        self.draw(|bk| bk.draw_rect(a, b, &color, false));
    }

    pub(crate) fn line(&mut self, a: BackendCoord, b: BackendCoord, color: BackendColor, w: u32) {
        self.draw(|bk| bk.draw_line(a, b, &Stroke(color, w)));
    }

    pub(crate) fn dot(&mut self, c: BackendCoord, r: u32, color: BackendColor) {
        self.draw(|bk| bk.draw_circle(c, r, &color, true));
    }

    /// Text at `pos`; forbidden XML characters are replaced, and plotters escapes
    /// markup characters.
    pub(crate) fn text(&mut self, t: &str, pos: BackendCoord, font: Font) {
        let t = clean(t);
        if t.is_empty() {
            return;
        }
        self.draw(|bk| bk.draw_text(&t, &font, pos));
    }

    /// Open a `<g>` with a class and, when given, a hover `<title>` (escaped).
    pub(crate) fn open_group(&mut self, class: &str, tooltip: Option<&str>) {
        self.body.push_str("<g class=\"");
        self.body.push_str(&xml_escape(class));
        self.body.push_str("\">\n");
        if let Some(tip) = tooltip {
            self.body.push_str("<title>");
            self.body.push_str(&xml_escape(tip));
            self.body.push_str("</title>\n");
        }
    }

    pub(crate) fn close_group(&mut self) {
        self.body.push_str("</g>\n");
    }

    /// The standalone document: `xmlns`, `role="img"`, `<title>`, `<desc>`, the
    /// dark-theme style, body.
    pub(crate) fn finish(self, title: &str, desc: &str) -> String {
        let (w, h) = (self.width, self.height);
        let mut out = String::with_capacity(self.body.len() + 512);
        out.push_str(&format!(
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{w}\" height=\"{h}\" \
             viewBox=\"0 0 {w} {h}\" role=\"img\">\n"
        ));
        out.push_str(&format!("<title>{}</title>\n", xml_escape(title)));
        out.push_str(&format!("<desc>{}</desc>\n", xml_escape(desc)));
        out.push_str(&palette::dark_theme_style());
        out.push_str(&self.body);
        out.push_str("</svg>\n");
        out
    }
}

/// Chart title font size in pixels.
pub(crate) const TITLE_PX: f64 = 16.0;
/// Tick labels, category labels and notes.
pub(crate) const LABEL_PX: f64 = 12.0;
/// Outer padding.
pub(crate) const PAD: i32 = 12;

/// Draw the chart title in the top-left corner, shortened to fit; returns the y
/// just below it.
pub(crate) fn draw_title(canvas: &mut Canvas, title: &str) -> i32 {
    let max = f64::from(canvas.width() - 2 * PAD);
    let t = text::fit(&clean(title), TITLE_PX, max);
    let font = Font::new(TITLE_PX, palette::TEXT)
        .bold()
        .anchor(HPos::Left, VPos::Top);
    canvas.text(&t, (PAD, PAD - 2), font);
    PAD + TITLE_PX as i32 + 4
}

/// Draw a muted one-line note (subtitle or footer), shortened to fit.
pub(crate) fn draw_note(canvas: &mut Canvas, note: &str, y: i32) {
    let max = f64::from(canvas.width() - 2 * PAD);
    let t = text::fit(note, LABEL_PX, max);
    let font = Font::new(LABEL_PX, palette::MUTED).anchor(HPos::Left, VPos::Top);
    canvas.text(&t, (PAD, y), font);
}

/// A chart with only its title and a centred message such as "no values".
pub(crate) fn message_chart(
    doc_title: &str,
    title: &str,
    message: &str,
    desc: &str,
    size: ChartSize,
) -> String {
    let mut canvas = Canvas::new(size);
    let top = draw_title(&mut canvas, title);
    let (w, h) = (canvas.width(), canvas.height());
    canvas.frame((PAD, top + 4), (w - PAD, h - PAD), palette::GRID);
    let font = Font::new(14.0, palette::MUTED).anchor(HPos::Center, VPos::Center);
    canvas.text(message, (w / 2, (top + h) / 2), font);
    canvas.finish(doc_title, desc)
}
