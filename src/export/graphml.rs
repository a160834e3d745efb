//! GraphML of linked-case groups for Gephi or yEd: cases and identifiers as nodes,
//! an edge from a case to each identifier it holds, with the role on the edge.
//! Written a group at a time ([`GraphmlWriter`]).

use std::collections::{BTreeSet, HashSet};
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

/// GraphML written a group at a time: each group's cases, the identifiers not yet
/// written (in kind and value order), then its edges. A graph of every group is
/// not held in memory (at a million cases that took 3.4 GB); only the identifiers
/// already written are remembered.
pub struct GraphmlWriter<'a> {
    out: &'a mut dyn Write,
    written: HashSet<(String, String)>,
    cases: usize,
    edges: usize,
}

impl<'a> GraphmlWriter<'a> {
    pub fn start(out: &'a mut dyn Write) -> io::Result<GraphmlWriter<'a>> {
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
        Ok(GraphmlWriter {
            out,
            written: HashSet::new(),
            cases: 0,
            edges: 0,
        })
    }

    /// Writes cases and the edges from them to the identifiers they hold.
    pub fn group(&mut self, members: &[Member], edges: &[Edge]) -> io::Result<()> {
        let out = &mut *self.out;
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
        self.cases += members.len();
        // The group's identifiers in order, each owned once (when first written).
        let ids: BTreeSet<(&str, &str)> = edges
            .iter()
            .map(|e| (e.kind.as_str(), e.value.as_str()))
            .collect();
        for (kind, value) in ids {
            if !self.written.insert((kind.to_string(), value.to_string())) {
                continue;
            }
            writeln!(
                out,
                r#"    <node id="id:{}:{}"><data key="type">identifier</data><data key="label">{}</data><data key="kind">{}</data></node>"#,
                xml(kind),
                xml(value),
                xml(value),
                xml(kind)
            )?;
        }
        for e in edges {
            writeln!(
                out,
                r#"    <edge id="e{}" source="case:{}" target="id:{}:{}"><data key="role">{}</data></edge>"#,
                self.edges,
                xml(&e.report_no),
                xml(&e.kind),
                xml(&e.value),
                xml(&e.role)
            )?;
            self.edges += 1;
        }
        Ok(())
    }

    /// Closes the graph; returns the cases and edges written.
    pub fn finish(self) -> io::Result<(usize, usize)> {
        writeln!(self.out, "  </graph>\n</graphml>")?;
        Ok((self.cases, self.edges))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn member(report_no: &str, group: &str) -> Member {
        Member {
            group_id: group.to_string(),
            group_size: 1,
            group_loss_fen: 0,
            case_id: 0,
            report_no: report_no.to_string(),
            reported_at: "2026-11-01".to_string(),
            amount_fen: Some(100),
            caller_numbers: Vec::new(),
            receiving_accounts: Vec::new(),
            contact_ids: Vec::new(),
            shared: Vec::new(),
        }
    }

    fn edge(report_no: &str, value: &str) -> Edge {
        Edge {
            report_no: report_no.to_string(),
            kind: "phone".to_string(),
            value: value.to_string(),
            role: "caller".to_string(),
        }
    }

    #[test]
    fn an_identifier_in_two_groups_is_one_node_and_edges_number_on() {
        let mut out = Vec::new();
        let mut graph = GraphmlWriter::start(&mut out).unwrap();
        graph
            .group(
                &[member("A1", "G-A1")],
                &[edge("A1", "+861"), edge("A1", "*5678")],
            )
            .unwrap();
        graph
            .group(&[member("B1", "G-B1")], &[edge("B1", "*5678")])
            .unwrap();
        assert_eq!(graph.finish().unwrap(), (2, 3));
        let text = String::from_utf8(out).unwrap();
        let doc = roxmltree::Document::parse(&text).unwrap();
        let ids: Vec<&str> = doc
            .descendants()
            .filter(|n| n.has_tag_name("node"))
            .filter_map(|n| n.attribute("id"))
            .collect();
        assert_eq!(
            ids,
            ["case:A1", "id:phone:*5678", "id:phone:+861", "case:B1"]
        );
        let edges: Vec<(&str, &str)> = doc
            .descendants()
            .filter(|n| n.has_tag_name("edge"))
            .filter_map(|n| Some((n.attribute("id")?, n.attribute("target")?)))
            .collect();
        assert_eq!(
            edges,
            [
                ("e0", "id:phone:+861"),
                ("e1", "id:phone:*5678"),
                ("e2", "id:phone:*5678")
            ]
        );
    }
}
