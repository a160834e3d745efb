//! GraphML of linked-case groups for Gephi or yEd: cases and identifiers as nodes,
//! an edge from a case to each identifier it holds, with the role on the edge.

use std::collections::BTreeMap;
use std::io::{self, Write};

use super::{format_yuan, sanitize};
use crate::link::report::{Edge, Member};

/// Escapes text for an XML attribute or element, after removing what XML cannot hold.
fn xml(s: &str) -> String {
    let clean = sanitize(s);
    let mut out = String::with_capacity(clean.len());
    for c in clean.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c => out.push(c),
        }
    }
    out
}

pub fn write_graphml(members: &[Member], edges: &[Edge], out: &mut dyn Write) -> io::Result<()> {
    writeln!(out, r#"<?xml version="1.0" encoding="UTF-8"?>"#)?;
    writeln!(
        out,
        r#"<graphml xmlns="http://graphml.graphdrawing.org/xmlns" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">"#
    )?;
    for (id, for_, name) in [
        ("type", "node", "type"),
        ("label", "node", "label"),
        ("group", "node", "group_id"),
        ("date", "node", "reported_at"),
        ("amount", "node", "amount_yuan"),
        ("kind", "node", "kind"),
        ("role", "edge", "role"),
    ] {
        writeln!(
            out,
            r#"  <key id="{id}" for="{for_}" attr.name="{name}" attr.type="string"/>"#
        )?;
    }
    writeln!(out, r#"  <graph id="links" edgedefault="undirected">"#)?;
    for m in members {
        writeln!(
            out,
            r#"    <node id="case:{}"><data key="type">case</data><data key="label">{}</data><data key="group">{}</data><data key="date">{}</data><data key="amount">{}</data></node>"#,
            xml(&m.report_no),
            xml(&m.report_no),
            xml(&m.group_id),
            xml(&m.reported_at),
            m.amount_fen.map(format_yuan).unwrap_or_default()
        )?;
    }
    let mut identifiers: BTreeMap<(&str, &str), ()> = BTreeMap::new();
    for e in edges {
        identifiers.insert((e.kind.as_str(), e.value.as_str()), ());
    }
    for (kind, value) in identifiers.keys() {
        writeln!(
            out,
            r#"    <node id="id:{}:{}"><data key="type">identifier</data><data key="label">{}</data><data key="kind">{}</data></node>"#,
            xml(kind),
            xml(value),
            xml(value),
            xml(kind)
        )?;
    }
    for (n, e) in edges.iter().enumerate() {
        writeln!(
            out,
            r#"    <edge id="e{n}" source="case:{}" target="id:{}:{}"><data key="role">{}</data></edge>"#,
            xml(&e.report_no),
            xml(&e.kind),
            xml(&e.value),
            xml(&e.role)
        )?;
    }
    writeln!(out, "  </graph>\n</graphml>")?;
    Ok(())
}
