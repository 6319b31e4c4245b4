//! Helpers shared by the integration tests: parse a chart as XML and check the
//! document-level facts every chart must have.

#![allow(dead_code)]

/// Parse `svg` (panicking with the text when it is not well-formed XML) and check
/// the root: `<svg>` in the SVG namespace with `role="img"`, a viewBox, and a
/// `<title>` and `<desc>` as its first two elements.
pub fn check(svg: &str) -> roxmltree::Document<'_> {
    let doc = roxmltree::Document::parse(svg)
        .unwrap_or_else(|e| panic!("not well-formed XML ({e}):\n{svg}"));
    let root = doc.root_element();
    assert_eq!(root.tag_name().name(), "svg");
    assert_eq!(
        root.tag_name().namespace(),
        Some("http://www.w3.org/2000/svg")
    );
    assert_eq!(root.attribute("role"), Some("img"));
    assert!(root.attribute("viewBox").is_some());
    let mut kids = root.children().filter(|n| n.is_element());
    let title = kids.next().expect("a first child");
    let desc = kids.next().expect("a second child");
    assert_eq!(title.tag_name().name(), "title");
    assert_eq!(desc.tag_name().name(), "desc");
    assert!(!desc.text().unwrap_or("").trim().is_empty(), "empty <desc>");
    doc
}

/// The text of the document's `<title>`.
pub fn title(svg: &str) -> String {
    child_text(svg, "title")
}

/// The text of the document's `<desc>`.
pub fn desc(svg: &str) -> String {
    child_text(svg, "desc")
}

fn child_text(svg: &str, name: &str) -> String {
    let doc = check(svg);
    let node = doc
        .root_element()
        .children()
        .find(|n| n.has_tag_name(name))
        .expect("child present");
    node.text().unwrap_or("").to_string()
}

/// The `<g class="{class}">` elements of the document.
pub fn groups<'a>(
    doc: &'a roxmltree::Document<'a>,
    class: &'a str,
) -> impl Iterator<Item = roxmltree::Node<'a, 'a>> + 'a {
    doc.descendants()
        .filter(move |n| n.has_tag_name("g") && n.attribute("class") == Some(class))
}

/// How many `<tag>` elements lie inside `<g class="{class}">` groups.
pub fn count_in(svg: &str, class: &str, tag: &str) -> usize {
    let doc = check(svg);
    let n = groups(&doc, class)
        .flat_map(|g| g.descendants())
        .filter(|n| n.has_tag_name(tag))
        .count();
    n
}

/// All text drawn in `<text>` elements, joined by newlines.
pub fn drawn_text(svg: &str) -> String {
    let doc = check(svg);
    let texts: Vec<String> = doc
        .descendants()
        .filter(|n| n.has_tag_name("text"))
        .map(|n| n.text().unwrap_or("").trim().to_string())
        .collect();
    texts.join("\n")
}
