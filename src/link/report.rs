//! What the linking shows: groups with their members and evidence, a case's possible
//! links through partial numbers, hubs, and what a batch changed.

use std::collections::{BTreeMap, HashMap};

use rusqlite::{Connection, OptionalExtension, params};

use super::{HUB_THRESHOLD, LINKING_ROLES, LINKS};
use crate::Result;
use crate::model::IdKind;
use crate::store::queries::{IdColumn, identifier_column, split};

/// One case of a linked-case group, with the identifiers that tie it to the others.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Member {
    pub group_id: String,
    pub group_size: i64,
    pub group_loss_fen: i64,
    pub case_id: i64,
    pub report_no: String,
    pub reported_at: String,
    pub amount_fen: Option<i64>,
    pub caller_numbers: Vec<String>,
    pub receiving_accounts: Vec<String>,
    pub contact_ids: Vec<String>,
    /// The linking identifiers of this case that other cases of the group hold.
    pub shared: Vec<Shared>,
}

/// An identifier a case shares with other cases of its group, and how many hold it.
/// The other cases are not listed: a 2,500-case mule account would make every row of a
/// listing 2,499 report numbers long (see [`holders`] for one case's).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Shared {
    pub identifier_id: i64,
    pub kind: String,
    pub value: String,
    /// caller, account or contact: the role it has in this case (the first, if two).
    pub role: String,
    /// The column this case's copy came from, or `script` for the narrative.
    pub origin: String,
    /// How many cases hold it, this one included (above HUB_THRESHOLD: a possible hub
    /// or spoof).
    pub cases: i64,
    /// When this case's copy was read from its narrative: the words around it.
    pub excerpt: Option<String>,
}

impl Shared {
    pub fn is_hub(&self) -> bool {
        self.cases > HUB_THRESHOLD
    }

    /// `value (3 cases)`, flagged when it is a possible hub, with the narrative's
    /// words it was read from.
    pub fn describe(&self) -> String {
        let hub = if self.is_hub() { ", possible hub" } else { "" };
        let quote = match &self.excerpt {
            Some(e) => format!(" in the narrative: \"{e}\""),
            None => String::new(),
        };
        format!(
            "{} ({}{hub}){quote}",
            self.value,
            crate::text::plural(self.cases, "case", "cases")
        )
    }
}

#[derive(Debug, Clone, Default)]
pub struct GroupFilter {
    pub min_size: i64,
    pub since: Option<String>,
    /// Only this group.
    pub group_id: Option<String>,
}

/// Report numbers as `group_concat(DISTINCT …)` joins them (its separator is a comma).
fn report_nos(joined: String) -> Vec<String> {
    joined.split(',').map(str::to_string).collect()
}

/// Members of the groups that pass the filter: groups by size, then total loss; each
/// group's cases oldest first.
pub fn members(conn: &Connection, filter: &GroupFilter) -> Result<Vec<Member>> {
    let mut all = Vec::new();
    members_each(conn, filter, &mut |group| {
        all.extend(group);
        Ok(())
    })?;
    Ok(all)
}

/// The members listing's statement: ?1 the least size, ?2 the earliest last report,
/// ?3 one group's id (`one_group`: its rows alone are totalled).
fn members_sql(one_group: bool) -> String {
    // One group: total only that group, through its index (milliseconds, where
    // totalling every group first takes seconds at a million cases).
    // The group as stored is the case that names it (store::groups): the id given
    // is bound to that case, the index's key.
    let named = crate::store::groups::named_by(3);
    let grouped = if one_group {
        format!("AND m.group_case = {named}")
    } else {
        String::new()
    };
    // Each group's members are read right after its totals, while their pages are in
    // the cache: totalling every group first (a materialized total over both tiers)
    // read the cases twice, 2-3 CPU-s more at a million cases. So an arm a tier
    // (migration 022, store::groups): the merged tier's groups, totalled in its
    // index's order with the small recent tier's totals added, and their merged
    // members; then the recent tier's groups, totalled with their merged rows, and
    // their recent members. A seek in one index a group: members over `tier = 0 OR
    // tier = 1` cost 2 CPU-s more (a row set a group).
    let total = |tier: i64| {
        format!(
            "SELECT m.group_case, COUNT(*) AS n, COALESCE(SUM(x.amount_fen), 0) AS loss,
                    MAX(x.reported_at) AS last
               FROM case_group_of m JOIN cases x ON x.id = m.case_id
              WHERE m.tier = {tier} {grouped}
              GROUP BY m.group_case"
        )
    };
    // The later of two dates, either of which may be NULL (no dated case).
    let later = |a: &str, b: &str| {
        format!("CASE WHEN {b} IS NULL OR {a} >= {b} THEN COALESCE({a}, {b}) ELSE {b} END")
    };
    let arm = |from: &str, tier: i64| {
        format!(
            "SELECT (SELECT 'G-' || n.report_no FROM cases n WHERE n.id = g.group_case)
                        AS group_id,
                    g.n AS n, g.loss AS loss, c.id, c.report_no AS report_no,
                    COALESCE(c.reported_at, c.reported_at_raw), c.amount_fen, {}, {}, {},
                    c.reported_at AS at
               FROM {from} g CROSS JOIN case_group_of m
                    ON m.tier = {tier} AND m.group_case = g.group_case
               JOIN cases c ON c.id = m.case_id
              WHERE g.n >= ?1 AND (?2 IS NULL OR g.last >= ?2)
                AND (?3 IS NULL OR g.group_case = {named})",
            identifier_column(IdColumn::Caller),
            identifier_column(IdColumn::Account),
            identifier_column(IdColumn::Contact),
        )
    };
    format!(
        "WITH r AS MATERIALIZED ({recent}),
              merged AS (
                  SELECT t.group_case, t.n + COALESCE(r.n, 0) AS n,
                         t.loss + COALESCE(r.loss, 0) AS loss, {t_last} AS last
                    FROM ({merged}) t LEFT JOIN r ON r.group_case = t.group_case),
              recent AS (
                  SELECT r.group_case, r.n + COALESCE(s.n, 0) AS n,
                         r.loss + COALESCE(s.loss, 0) AS loss, {r_last} AS last
                    FROM r LEFT JOIN (
                         SELECT m.group_case, COUNT(*) AS n,
                                COALESCE(SUM(x.amount_fen), 0) AS loss,
                                MAX(x.reported_at) AS last
                           FROM r JOIN case_group_of m
                                ON m.tier = 0 AND m.group_case = r.group_case
                           JOIN cases x ON x.id = m.case_id
                          GROUP BY m.group_case) s ON s.group_case = r.group_case)
         {} UNION ALL {}
          ORDER BY n DESC, loss DESC, group_id, at, report_no",
        arm("merged", crate::store::tiers::MERGED),
        arm("recent", crate::store::tiers::RECENT),
        merged = total(crate::store::tiers::MERGED),
        recent = total(crate::store::tiers::RECENT),
        t_last = later("t.last", "r.last"),
        r_last = later("r.last", "s.last"),
    )
}

/// [`members`] a group at a time, each with its evidence, handed to `each` in the
/// same order: a listing of every group is written without holding it (at a
/// million cases that took 3.7 GB).
pub fn members_each(
    conn: &Connection,
    filter: &GroupFilter,
    each: &mut dyn FnMut(Vec<Member>) -> Result<()>,
) -> Result<()> {
    let sql = members_sql(filter.group_id.is_some());
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map(
        params![filter.min_size.max(2), filter.since, filter.group_id],
        |r| {
            Ok(Member {
                group_id: r.get(0)?,
                group_size: r.get(1)?,
                group_loss_fen: r.get(2)?,
                case_id: r.get(3)?,
                report_no: r.get(4)?,
                reported_at: r.get(5)?,
                amount_fen: r.get(6)?,
                caller_numbers: split(r.get(7)?),
                receiving_accounts: split(r.get(8)?),
                contact_ids: split(r.get(9)?),
                shared: Vec::new(),
            })
        },
    )?;
    let mut group: Vec<Member> = Vec::new();
    for member in rows {
        let member = member?;
        if group.last().is_some_and(|m| m.group_id != member.group_id) {
            add_evidence(conn, &mut group)?;
            each(std::mem::take(&mut group))?;
        }
        group.push(member);
    }
    if !group.is_empty() {
        add_evidence(conn, &mut group)?;
        each(group)?;
    }
    Ok(())
}

/// One linking identifier a member holds.
struct Held {
    member: usize,
    identifier: i64,
    kind: String,
    value: String,
    role: String,
    origin: String,
    excerpt: Option<String>,
}

/// The linking identifiers held by the cases of the group whose id is bound as `?1`:
/// its members a tier an arm, each arm seeking its tier's index by group (the id bound
/// through [`crate::store::groups::NAMED_BY`]), which SQLite folds into a join a tier.
/// Unsorted ([`add_evidence`] sorts the rows): an `ORDER BY` set up a sorter once a
/// group, and the members as an `IN` list a temporary table and a sort of each case
/// and identifier's rows apart, 2 CPU-s more at a million cases. With the group's case
/// bound (`group_case = ?1`) SQLite prepared the statement again at every new value.
pub(crate) fn evidence_sql() -> String {
    let named = crate::store::groups::NAMED_BY;
    format!(
        "SELECT ci.case_id, ci.identifier_id, i.kind, i.value, ci.excerpt, ci.role, ci.origin
           FROM (SELECT case_id FROM case_group_of WHERE tier = 0 AND group_case = {named}
                 UNION ALL
                 SELECT case_id FROM case_group_of WHERE tier = 1 AND group_case = {named}) cg
           JOIN case_identifiers ci ON ci.case_id = cg.case_id
           JOIN identifiers i ON i.id = ci.identifier_id
          WHERE {LINKS}"
    )
}

/// Fills the evidence of the members of one group: each one's linking identifiers that
/// other members hold, read through the group's index and matched up in memory.
fn add_evidence(conn: &Connection, members: &mut [Member]) -> Result<()> {
    let Some(group) = members.first().map(|m| m.group_id.clone()) else {
        return Ok(());
    };
    let index: HashMap<i64, usize> = members
        .iter()
        .enumerate()
        .map(|(i, m)| (m.case_id, i))
        .collect();
    let mut stmt = conn.prepare_cached(&evidence_sql())?;
    let rows = stmt.query_map([&group], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            Held {
                member: 0,
                identifier: r.get(1)?,
                kind: r.get(2)?,
                value: r.get(3)?,
                excerpt: r.get(4)?,
                role: r.get(5)?,
                origin: r.get(6)?,
            },
        ))
    })?;
    let mut found: Vec<(i64, Held)> = Vec::new();
    for row in rows {
        let (case, mut h) = row?;
        if let Some(&member) = index.get(&case) {
            h.member = member;
            found.push((case, h));
        }
    }
    // In the relation's order (case, identifier, role as text): a case's first copy of
    // an identifier with an excerpt gives the excerpt shown.
    found.sort_unstable_by(|(a, x), (b, y)| {
        (a, x.identifier, &x.role).cmp(&(b, y.identifier, &y.role))
    });
    let held: Vec<Held> = found.into_iter().map(|(_, h)| h).collect();
    // Holders of each identifier, in member order (oldest first).
    let mut holders: HashMap<i64, Vec<usize>> = HashMap::new();
    for h in &held {
        let list = holders.entry(h.identifier).or_default();
        if list.last() != Some(&h.member) {
            list.push(h.member);
        }
    }
    for list in holders.values_mut() {
        list.sort_unstable();
        list.dedup();
    }
    // Phones first, then accounts, then contact ids: the order analysts read them in.
    let mut evidence: Vec<BTreeMap<(Option<IdKind>, String), Shared>> =
        vec![BTreeMap::new(); members.len()];
    for h in held {
        let Some(list) = holders.get(&h.identifier) else {
            continue;
        };
        if list.len() < 2 {
            continue;
        }
        let entry = evidence[h.member]
            .entry((IdKind::parse(&h.kind), h.value.clone()))
            .or_insert_with(|| Shared {
                identifier_id: h.identifier,
                kind: h.kind,
                value: h.value,
                role: h.role,
                origin: h.origin,
                cases: list.len() as i64,
                excerpt: None,
            });
        if entry.excerpt.is_none() {
            entry.excerpt = h.excerpt;
        }
    }
    for (m, found) in members.iter_mut().zip(evidence) {
        m.shared = found.into_values().collect();
    }
    Ok(())
}

/// The other cases holding one of a case's shared identifiers: the first `limit`
/// report numbers (oldest first; all when `limit` is 0) and how many there are.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Holders {
    pub report_nos: Vec<String>,
    pub total: i64,
}

/// For each identifier `shared`, the other cases of `group` that hold it.
pub fn holders(
    conn: &Connection,
    group: &str,
    case_id: i64,
    shared: &[Shared],
    limit: usize,
) -> Result<Vec<Holders>> {
    let named = crate::store::groups::named_by(2);
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT DISTINCT c.report_no, COALESCE(c.reported_at, '9999')
           FROM case_identifiers ci
           JOIN identifiers i ON i.id = ci.identifier_id
           JOIN case_group_of cg ON cg.case_id = ci.case_id AND cg.group_case = {named}
           JOIN cases c ON c.id = ci.case_id
          WHERE ci.identifier_id = ?1 AND ci.case_id <> ?3 AND {LINKS}
          ORDER BY 2, 1"
    ))?;
    shared
        .iter()
        .map(|s| {
            let mut found = Holders {
                report_nos: Vec::new(),
                total: 0,
            };
            let mut rows = stmt.query(params![s.identifier_id, group, case_id])?;
            while let Some(r) = rows.next()? {
                found.total += 1;
                if limit == 0 || found.report_nos.len() < limit {
                    found.report_nos.push(r.get(0)?);
                }
            }
            Ok(found)
        })
        .collect()
}

/// A case holding a scammer-side identifier: one edge of the GraphML export.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edge {
    pub report_no: String,
    pub kind: String,
    pub value: String,
    pub role: String,
}

/// The scammer-side identifiers (partials and mentioned ones included) the given cases
/// hold; the victim's own are left out.
pub fn edges(conn: &Connection, members: &[Member]) -> Result<Vec<Edge>> {
    let mut stmt = conn.prepare_cached(
        "SELECT i.kind, i.value, ci.role FROM case_identifiers ci
           JOIN identifiers i ON i.id = ci.identifier_id
          WHERE ci.case_id = ?1 AND ci.role NOT IN ('victim_phone', 'victim_own')
          ORDER BY i.kind, i.value",
    )?;
    let mut out = Vec::new();
    for m in members {
        let rows = stmt.query_map([m.case_id], |r| {
            Ok(Edge {
                report_no: m.report_no.clone(),
                kind: r.get(0)?,
                value: r.get(1)?,
                role: r.get(2)?,
            })
        })?;
        for row in rows {
            out.push(row?);
        }
    }
    Ok(out)
}

/// The case with this report_no: its id and group.
pub fn find_case(conn: &Connection, report_no: &str) -> Result<Option<(i64, Option<String>)>> {
    Ok(conn
        .query_row(
            "SELECT c.id, g.group_id FROM cases c LEFT JOIN case_groups g ON g.case_id = c.id
              WHERE c.report_no = ?1",
            [report_no.trim()],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?)
}

/// A full identifier elsewhere whose digits fit one of a case's partial numbers, or an
/// identifier another case holds where one of the two only mentions it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PossibleLink {
    /// The case's own value: the partial as stored (`*1234`, `6222*1234`), or the
    /// identifier one side mentions.
    pub partial: String,
    /// True for a link through a mentioned identifier, false for a partial number.
    pub mentioned: bool,
    pub kind: String,
    pub value: String,
    pub report_nos: Vec<String>,
}

/// Possible links of a case: listed apart from its group, never merged into it —
/// through its partial numbers, and through identifiers that it or another case only
/// mentions in the narrative (the cue words did not say whose they are).
pub fn possible_links(conn: &Connection, case_id: i64) -> Result<Vec<PossibleLink>> {
    let mut out = partial_links(conn, case_id)?;
    out.extend(mentioned_links(conn, case_id)?);
    Ok(out)
}

fn mentioned_links(conn: &Connection, case_id: i64) -> Result<Vec<PossibleLink>> {
    let mut stmt = conn.prepare_cached(
        "SELECT i.kind, i.value, group_concat(DISTINCT c.report_no)
           FROM case_identifiers mine
           JOIN identifiers i ON i.id = mine.identifier_id
           JOIN case_identifiers ci ON ci.identifier_id = mine.identifier_id AND ci.case_id <> ?1
           JOIN cases c ON c.id = ci.case_id
          WHERE mine.case_id = ?1 AND i.kind <> 'partial'
            AND ((mine.role = 'mentioned'
                  AND ci.role IN ('caller', 'account', 'contact', 'mentioned'))
              OR (mine.role IN ('caller', 'account', 'contact') AND ci.role = 'mentioned'))
          GROUP BY i.id ORDER BY i.value",
    )?;
    let rows = stmt.query_map([case_id], |r| {
        let value: String = r.get(1)?;
        Ok(PossibleLink {
            partial: value.clone(),
            mentioned: true,
            kind: r.get(0)?,
            value,
            report_nos: report_nos(r.get(2)?),
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

fn partial_links(conn: &Connection, case_id: i64) -> Result<Vec<PossibleLink>> {
    // The victim's own partial numbers (`其尾号1234的银行卡`) are no lead.
    let mut partials = conn.prepare(
        "SELECT DISTINCT i.value FROM case_identifiers ci JOIN identifiers i ON i.id = ci.identifier_id
          WHERE ci.case_id = ?1 AND i.kind = 'partial' AND ci.side <> 'victim'",
    )?;
    let partials: Vec<String> = partials
        .query_map([case_id], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    let mut matches = conn.prepare(
        "SELECT i.kind, i.value, group_concat(DISTINCT c.report_no)
           FROM identifiers i
           JOIN case_identifiers ci ON ci.identifier_id = i.id AND ci.case_id <> ?2
                AND ci.role <> 'victim_own'
           JOIN cases c ON c.id = ci.case_id
          WHERE i.kind NOT IN ('partial') AND (i.value GLOB ?1 OR i.value GLOB ?3)
          GROUP BY i.id ORDER BY i.value",
    )?;
    let mut out = Vec::new();
    for partial in partials {
        let (pattern, national) = globs_for_partial(&partial);
        // Fewer than four known digits would match half the database: not evidence.
        if partial.chars().filter(char::is_ascii_digit).count() < 4 {
            continue;
        }
        let rows = matches.query_map(params![pattern, case_id, national], |r| {
            Ok(PossibleLink {
                partial: partial.clone(),
                mentioned: false,
                kind: r.get(0)?,
                value: r.get(1)?,
                report_nos: report_nos(r.get(2)?),
            })
        })?;
        for row in rows {
            out.push(row?);
        }
    }
    Ok(out)
}

/// `6222*1234` → (`6222*1234`, `+866222*1234`): the known digit runs in order with
/// anything between, anchored at the start as written or after the mainland country
/// code (a masked `138****5678` is written without `+86`, stored phones with it).
fn globs_for_partial(partial: &str) -> (String, String) {
    let digits: String = partial
        .chars()
        .filter(|c| c.is_ascii_digit() || *c == '*')
        .collect();
    let national = if digits.starts_with('*') {
        digits.clone()
    } else {
        format!("+86{digits}")
    };
    (digits, national)
}

/// One identifier in the hubs listing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hub {
    pub kind: String,
    pub identifier: String,
    pub cases: i64,
    pub groups: i64,
    pub total_loss_fen: i64,
    pub first_seen: String,
    pub last_seen: String,
    pub status: HubStatus,
    /// For an ignored one: why, who and when (the latest ignore of the log).
    pub ignored_reason: String,
    pub ignored_by: String,
    pub ignored_at: String,
    /// A mainland virtual-operator number (a fraud signal).
    pub virtual_operator: bool,
}

impl Hub {
    pub fn is_hub(&self) -> bool {
        self.cases > HUB_THRESHOLD
    }
}

/// Whether an identifier links its cases.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HubStatus {
    Linked,
    /// An official service number: its presence means spoofing; it never links.
    Official,
    /// An analyst marked it not to link (see the ignore log for why).
    Ignored,
}

impl HubStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            HubStatus::Linked => "linked",
            HubStatus::Official => "official",
            HubStatus::Ignored => "ignored",
        }
    }

    /// From the identifier's flags (ignored wins: an analyst's word).
    pub fn of(ignored: bool, official: bool) -> HubStatus {
        match (ignored, official) {
            (true, _) => HubStatus::Ignored,
            (false, true) => HubStatus::Official,
            (false, false) => HubStatus::Linked,
        }
    }
}

/// Which identifiers `hubs --kind` lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HubKind {
    Phone,
    Account,
    Qq,
    Wechat,
}

/// Scammer-side identifiers by the cases that hold them, then total loss. The counts
/// come from the `case_identifiers_identifier` index alone; loss, groups and dates
/// are read only for the identifiers that can make the list (ties at the cut
/// included), not aggregated for every identifier (32 s -> ~1 s at a million cases).
pub fn hubs(conn: &Connection, kind: Option<HubKind>, top: usize) -> Result<Vec<Hub>> {
    hubs_by_tag(conn, kind, top, &TagFilter::default())
}

/// Every row: a limit for the list queries that never cuts (SQLite's LIMIT is an i64).
pub const ALL_ROWS: usize = i64::MAX as usize;

/// Which identifiers a hubs listing keeps by their tags (casework): those that carry
/// `tagged`, those that do not carry `untagged` (`--untagged 已止付`: the accounts
/// still to ask banks to freeze).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TagFilter {
    pub tagged: Option<String>,
    pub untagged: Option<String>,
}

/// [`hubs`] of the identifiers that pass `tags`: the top `top` of those.
pub fn hubs_by_tag(
    conn: &Connection,
    kind: Option<HubKind>,
    top: usize,
    tags: &TagFilter,
) -> Result<Vec<Hub>> {
    if top == 0 {
        return Ok(Vec::new());
    }
    let kinds = match kind {
        Some(HubKind::Phone) => "'phone', 'service'",
        Some(HubKind::Account) => "'card', 'alipay', 'wallet', 'id_number'",
        Some(HubKind::Qq) => "'qq'",
        Some(HubKind::Wechat) => "'wechat'",
        None => "'phone', 'service', 'card', 'alipay', 'wallet', 'id_number', 'qq', 'wechat'",
    };
    let mut stmt = conn.prepare_cached(&format!(
        "WITH counts AS MATERIALIZED (
             SELECT ci.identifier_id AS id, COUNT(DISTINCT ci.case_id) AS n
               FROM case_identifiers ci
              WHERE ci.role IN {LINKING_ROLES}
              GROUP BY ci.identifier_id),
         ranked AS MATERIALIZED (
             SELECT counts.id, counts.n FROM counts JOIN identifiers i ON i.id = counts.id
              WHERE i.kind IN ({kinds})
                AND (?2 IS NULL OR EXISTS (SELECT 1 FROM current_tags t
                      WHERE t.target_kind = 2 AND t.target_id = counts.id AND t.tag = ?2))
                AND (?3 IS NULL OR NOT EXISTS (SELECT 1 FROM current_tags t
                      WHERE t.target_kind = 2 AND t.target_id = counts.id AND t.tag = ?3))),
         cut AS (SELECT n FROM ranked ORDER BY n DESC LIMIT 1 OFFSET ?1 - 1)
         SELECT i.kind, i.value, COUNT(DISTINCT c.id), COUNT(DISTINCT cg.group_case),
                COALESCE(SUM(c.amount_fen), 0),
                COALESCE(substr(MIN(c.reported_at), 1, 10), ''),
                COALESCE(substr(MAX(c.reported_at), 1, 10), ''),
                i.ignored = 1, i.official = 1,
                i.flags & 1 = 1,
                COALESCE(i.ignored_reason, ''), COALESCE(i.ignored_by, ''),
                COALESCE(i.ignored_at, '')
           FROM ranked
           JOIN identifiers i ON i.id = ranked.id
           JOIN case_identifiers ci ON ci.identifier_id = ranked.id
                AND ci.role IN {LINKING_ROLES}
           JOIN cases c ON c.id = ci.case_id
           LEFT JOIN case_group_of cg ON cg.case_id = c.id
          WHERE ranked.n >= COALESCE((SELECT n FROM cut), 0)
          GROUP BY ranked.id
          ORDER BY 3 DESC, 5 DESC, i.value
          LIMIT ?1"
    ))?;
    let rows = stmt.query_map(
        rusqlite::params![top as i64, tags.tagged, tags.untagged],
        |r| {
            Ok(Hub {
                kind: r.get(0)?,
                identifier: r.get(1)?,
                cases: r.get(2)?,
                groups: r.get(3)?,
                total_loss_fen: r.get(4)?,
                first_seen: r.get(5)?,
                last_seen: r.get(6)?,
                status: HubStatus::of(r.get(7)?, r.get(8)?),
                virtual_operator: r.get(9)?,
                ignored_reason: r.get(10)?,
                ignored_by: r.get(11)?,
                ignored_at: r.get(12)?,
            })
        },
    )?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// A case of a batch that holds a linking identifier already known from earlier batches.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hit {
    pub report_no: String,
    pub identifier: String,
    pub group_id: Option<String>,
    /// Earlier cases holding it.
    pub known_from: Vec<String>,
}

/// The first case batch `?1` added (SQL, NULL when it added none): case ids grow
/// with each import, so the cases before it are the earlier ones. The cases the batch
/// updated keep their older ids, and are not among its new cases.
fn first_new_case() -> String {
    format!(
        "(SELECT MIN(n.id) FROM cases n WHERE {})",
        crate::store::batch_cases::added_by("n", "?1")
    )
}

/// How many of a batch's new cases hold a linking identifier known from earlier
/// batches: the import's one-line answer. Case ids grow with each import, so
/// "earlier" is a range seek on the identifier index, not a join over every holder.
pub fn batch_hit_count(conn: &Connection, batch: i64) -> Result<usize> {
    // A first load has no earlier case to hit: skip the join over all its cases.
    let first_new = first_new_case();
    let last_new = crate::store::batch_cases::last_added("?1");
    let earlier: bool = conn.query_row(
        &format!("SELECT EXISTS (SELECT 1 FROM cases WHERE id < {first_new})"),
        [batch],
        |r| r.get(0),
    )?;
    if !earlier {
        return Ok(0);
    }
    let n: i64 = conn.query_row(
        &format!(
            "SELECT COUNT(DISTINCT ci.case_id)
               FROM cases c
               JOIN case_identifiers ci ON ci.case_id = c.id
               JOIN identifiers i ON i.id = ci.identifier_id
              WHERE c.batch_id = ?1 AND c.id BETWEEN {first_new} AND {last_new} AND {LINKS}
                AND EXISTS (SELECT 1 FROM case_identifiers ci2
                             WHERE ci2.identifier_id = ci.identifier_id
                               AND ci2.case_id < {first_new}
                               AND ci2.role IN ('caller', 'account', 'contact'))"
        ),
        [batch],
        |r| r.get(0),
    )?;
    Ok(n as usize)
}

/// The batch's new cases that hold a linking identifier an earlier case holds, each
/// with those cases (a case the batch updated is listed as updated, not here).
pub fn batch_hits(conn: &Connection, batch: i64) -> Result<Vec<Hit>> {
    let first_new = first_new_case();
    let last_new = crate::store::batch_cases::last_added("?1");
    let mut stmt = conn.prepare(&format!(
        "SELECT c.report_no, i.value, cg.group_id, group_concat(DISTINCT c2.report_no)
           FROM cases c
           LEFT JOIN case_groups cg ON cg.case_id = c.id
           JOIN case_identifiers ci ON ci.case_id = c.id
           JOIN identifiers i ON i.id = ci.identifier_id
           JOIN case_identifiers ci2 ON ci2.identifier_id = i.id
                AND ci2.role IN ('caller', 'account', 'contact')
           JOIN cases c2 ON c2.id = ci2.case_id AND c2.id < {first_new}
          WHERE c.batch_id = ?1 AND c.id BETWEEN {first_new} AND {last_new} AND {LINKS}
          GROUP BY c.id, i.id
          ORDER BY c.report_no, i.value"
    ))?;
    let rows = stmt.query_map([batch], |r| {
        Ok(Hit {
            report_no: r.get(0)?,
            identifier: r.get(1)?,
            group_id: r.get(2)?,
            known_from: report_nos(r.get(3)?),
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The links listing totals each tier of the index by group in that index's
    /// order and reads each group's members by a seek in it; one group's by a seek in
    /// each tier. No arm scans the case → group table.
    #[test]
    fn the_listing_reads_each_tier_of_the_index_by_group() {
        let (_dir, store) = crate::store::test_store_with_a_batch();
        for one_group in [false, true] {
            let plan = crate::store::tiers::tests::query_plan(&store.conn, &members_sql(one_group));
            for index in ["case_groups_group", "case_groups_group_recent"] {
                let seek = format!("SEARCH m USING COVERING INDEX {index} (group_case=?)");
                assert!(plan.contains(&seek), "{one_group}: {seek}: {plan}");
            }
            if !one_group {
                assert!(
                    plan.contains("SCAN m USING COVERING INDEX case_groups_group\n"),
                    "{plan}"
                );
            }
            assert!(!plan.contains("MULTI-INDEX OR"), "{plan}");
            assert!(
                !plan.contains("SCAN m\n") && !plan.contains("SCAN case_group_of\n"),
                "{plan}"
            );
        }
    }

    /// A group's evidence seeks each tier's index by group and the case's rows, with
    /// no temporary table or sorter a group (the rows are sorted in memory).
    #[test]
    fn the_evidence_seeks_each_tier_and_sorts_nothing() {
        let (_dir, store) = crate::store::test_store_with_a_batch();
        let plan = crate::store::tiers::tests::query_plan(&store.conn, &evidence_sql());
        for index in ["case_groups_group", "case_groups_group_recent"] {
            let seek = format!("USING COVERING INDEX {index} (group_case=?)");
            assert!(plan.contains(&seek), "{seek}: {plan}");
        }
        assert!(
            plan.contains("SEARCH c USING PRIMARY KEY (case_id=?)"),
            "{plan}"
        );
        for absent in ["TEMP B-TREE", "LIST SUBQUERY", "MULTI-INDEX OR", "SCAN"] {
            assert!(!plan.contains(absent), "{absent}: {plan}");
        }
    }

    /// The evidence statement, run once a group, is prepared once: bound as the case
    /// that names the group (`group_case = ?1`) SQLite prepared it again at every new
    /// value, a quarter of the listing's CPU at a million cases.
    #[test]
    fn the_evidence_is_not_prepared_again_for_each_group() {
        let (_dir, store) = crate::store::test_store_with_a_batch();
        let mut stmt = store.conn.prepare(&evidence_sql()).unwrap();
        for group in ["G-R1", "G-R2", "G-R3"] {
            let mut rows = stmt.query([group]).unwrap();
            while rows.next().unwrap().is_some() {}
        }
        assert_eq!(stmt.get_status(rusqlite::StatementStatus::RePrepare), 0);
    }

    /// A case holding a shared identifier in two roles shows the first by the roles'
    /// text (`account` before `caller`, whatever their stored codes) and the first
    /// excerpt its copies give; a group with a member in each tier lists both.
    #[test]
    fn a_shared_identifier_in_two_roles_shows_the_first_role_by_name() {
        let (_dir, store) = crate::store::test_store_with_a_batch();
        let conn = &store.conn;
        for id in 1..=2 {
            conn.execute(
                "INSERT INTO cases (id, report_no, batch_id, line, victim_name, victim_phone,
                    caller_raw, account_raw, contact_raw, amount_raw, scam_type_spelling, script,
                    reported_at_raw)
                 VALUES (?1, 'R' || ?1, 1, ?1, '', '', '', '', '', '', '', '', '2026-11-0' || ?1)",
                [id],
            )
            .unwrap();
        }
        conn.execute(
            "INSERT INTO identifiers (id, value, kind_code) VALUES (10, '+8613800000000', 0)",
            [],
        )
        .unwrap();
        for (case, role, origin, excerpt) in [
            (1, "caller", "caller_number", None),
            (1, "account", "script", Some("转到13800000000")),
            (2, "caller", "caller_number", None),
        ] {
            conn.execute(
                "INSERT INTO case_identifiers (case_id, identifier_id, role, origin, side, excerpt)
                 VALUES (?1, 10, ?2, ?3, 'other', ?4)",
                params![case, role, origin, excerpt],
            )
            .unwrap();
        }
        for (case, tier) in [(1, 0), (2, 1)] {
            conn.execute(
                "INSERT INTO case_group_of (case_id, group_case, tier) VALUES (?1, 1, ?2)",
                [case, tier],
            )
            .unwrap();
        }
        let filter = GroupFilter {
            min_size: 2,
            ..GroupFilter::default()
        };
        let listed = members(conn, &filter).unwrap();
        let shared: Vec<(&str, &str, &str, i64, Option<&str>)> = listed
            .iter()
            .flat_map(|m| {
                m.shared.iter().map(|s| {
                    (
                        m.report_no.as_str(),
                        s.role.as_str(),
                        s.origin.as_str(),
                        s.cases,
                        s.excerpt.as_deref(),
                    )
                })
            })
            .collect();
        assert_eq!(
            shared,
            [
                ("R1", "account", "script", 2, Some("转到13800000000")),
                ("R2", "caller", "caller_number", 2, None),
            ]
        );
    }

    #[test]
    fn partial_globs_keep_digit_runs_in_order() {
        assert_eq!(globs_for_partial("*1234"), ("*1234".into(), "*1234".into()));
        assert_eq!(
            globs_for_partial("6222*1234"),
            ("6222*1234".into(), "+866222*1234".into())
        );
        assert_eq!(
            globs_for_partial("138*5678"),
            ("138*5678".into(), "+86138*5678".into())
        );
    }
}
