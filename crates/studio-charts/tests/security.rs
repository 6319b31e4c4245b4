//! User text (titles, labels, category names from CSV headers and cells) must
//! never become markup: hostile strings are escaped everywhere they appear.

mod common;

use studio_charts::{bar_chart_svg, box_plot_svg, heatmap_svg, histogram_svg, ChartSize};

const HOSTILE: &[&str] = &[
    "</svg><script>alert(1)</script>",
    "<script>alert('x')</script>",
    "\"><script>alert(1)</script>",
    "' onload='alert(1)",
    "<![CDATA[<script>]]>",
    "<!-- --><script>",
    "&lt;script&gt; & &amp; &#x3C;",
    "a\u{0}b\u{7}c\u{1b}[31m\u{FFFF}",
    "<foreignObject><iframe src=javascript:alert(1)>",
    "]]>",
];

fn all_charts(text: &str) -> Vec<String> {
    let size = ChartSize::default();
    let labels = vec![text.to_string(), format!("{text}2"), "ok".to_string()];
    let m = vec![
        vec![1.0, 0.5, -0.2],
        vec![0.5, 1.0, 0.1],
        vec![-0.2, 0.1, 1.0],
    ];
    vec![
        histogram_svg(text, &[1.0, 2.0, 3.0], size),
        histogram_svg(text, &[], size),
        bar_chart_svg(text, &[(text.to_string(), 3), ("b".to_string(), 1)], size),
        bar_chart_svg(text, &[], size),
        box_plot_svg(text, &[1.0, 2.0, 3.0, 100.0], size),
        heatmap_svg(text, &labels, &m, size),
        heatmap_svg(text, &labels, &[], size),
    ]
}

#[test]
fn hostile_text_is_escaped_everywhere() {
    for text in HOSTILE {
        for svg in all_charts(text) {
            let lower = svg.to_lowercase();
            assert!(!lower.contains("<script"), "raw <script in:\n{svg}");
            assert!(!lower.contains("<iframe"), "raw <iframe in:\n{svg}");
            assert!(!lower.contains("<foreignobject"), "raw element in:\n{svg}");
            assert!(!lower.contains("<![cdata["), "raw CDATA in:\n{svg}");
            assert!(!lower.contains("<!--"), "raw comment in:\n{svg}");
            assert!(!svg.contains("' onload"), "raw quote in:\n{svg}");
            // Parses as XML with exactly one root <svg> and no unexpected elements.
            let doc = common::check(&svg);
            let names = [
                "svg", "title", "desc", "style", "g", "rect", "line", "circle", "text",
            ];
            for node in doc.descendants().filter(|n| n.is_element()) {
                assert!(
                    names.contains(&node.tag_name().name()),
                    "unexpected <{}> in:\n{svg}",
                    node.tag_name().name()
                );
            }
            assert_eq!(svg.matches("</svg>").count(), 1);
            // The one <style> is the fixed dark-theme block: no user text in it.
            let styles: Vec<_> = doc
                .descendants()
                .filter(|n| n.tag_name().name() == "style")
                .collect();
            assert_eq!(styles.len(), 1);
            let css = styles[0].text().unwrap_or_default();
            assert!(css.starts_with("@media (prefers-color-scheme: dark)"));
            assert!(!css.contains("url(") && !css.contains("@import") && !css.contains('<'));
        }
    }
}

#[test]
fn hostile_title_round_trips_as_text() {
    let t = "</svg><script>alert(1)</script>";
    let svg = histogram_svg(t, &[1.0, 2.0], ChartSize::default());
    assert_eq!(common::title(&svg), t);
    assert!(common::drawn_text(&svg).contains(t));
    assert!(common::desc(&svg).starts_with(&format!("Histogram of {t}:")));
    assert!(svg.contains("&lt;/svg&gt;&lt;script&gt;"));
}

#[test]
fn all_five_characters_are_escaped_in_own_markup() {
    let t = r#"& < > " '"#;
    let svg = bar_chart_svg(t, &[(t.to_string(), 1)], ChartSize::default());
    assert!(
        svg.contains("<title>&amp; &lt; &gt; &quot; &apos;</title>"),
        "{svg}"
    );
    assert_eq!(common::title(&svg), t);
    assert_eq!(
        studio_charts::xml_escape(t),
        "&amp; &lt; &gt; &quot; &apos;"
    );
}

#[test]
fn control_characters_are_replaced() {
    let svg = histogram_svg("a\u{0}b", &[1.0], ChartSize::default());
    assert!(!svg.contains('\u{0}'));
    assert_eq!(common::title(&svg), "a\u{FFFD}b");
}
