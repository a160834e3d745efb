//! Which cases hold each identifier, as one compressed-row table: the postings of
//! identifier `i` are `cases[start[i]..start[i + 1]]` (with their slot bytes beside
//! them), so a lookup is two array reads instead of two binary searches over
//! millions of postings (a cache miss each step: the last-digits budget), and a
//! posting costs five bytes instead of twelve.

/// One identifier's link to one case, as added before [`Postings::rebuild`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Pending {
    ident: u32,
    case: u32,
    slot: u8,
}

#[derive(Default)]
pub struct Postings {
    /// `start[i]..start[i + 1]` indexes identifier i's postings; empty before the
    /// first rebuild.
    start: Vec<u32>,
    cases: Vec<u32>,
    slots: Vec<u8>,
    pending: Vec<Pending>,
}

impl Postings {
    /// Adds a posting (any order, duplicates allowed); seen after [`Self::rebuild`].
    pub fn add(&mut self, ident: u32, case: u32, slot: u8) {
        self.pending.push(Pending { ident, case, slot });
    }

    /// Takes in the postings added since the last rebuild, for `idents` identifiers.
    /// A counting sort by identifier (linear, no comparison sort over millions);
    /// each identifier's few postings are then ordered by (case, slot) and deduplicated.
    pub fn rebuild(&mut self, idents: usize) {
        let mut all = std::mem::take(&mut self.pending);
        if !self.cases.is_empty() {
            // An update: the held postings go through the same sort as the new ones.
            for i in 0..self.start.len().saturating_sub(1) {
                let ident = u32::try_from(i).unwrap_or(u32::MAX);
                all.extend(
                    self.of(ident)
                        .map(|(case, slot)| Pending { ident, case, slot }),
                );
            }
        }
        let idents = idents.max(all.iter().map(|p| p.ident as usize + 1).max().unwrap_or(0));
        let mut start = vec![0u32; idents + 1];
        for p in &all {
            start[p.ident as usize + 1] += 1;
        }
        for i in 0..idents {
            start[i + 1] += start[i];
        }
        let mut next = start.clone();
        let mut placed = vec![(0u32, 0u8); all.len()];
        for p in &all {
            let at = &mut next[p.ident as usize];
            placed[*at as usize] = (p.case, p.slot);
            *at += 1;
        }
        drop(all);
        // Order and deduplicate each identifier's run, compacting as we go.
        let mut cases = Vec::with_capacity(placed.len());
        let mut slots = Vec::with_capacity(placed.len());
        let mut out_start = Vec::with_capacity(idents + 1);
        out_start.push(0u32);
        for i in 0..idents {
            let run = &mut placed[start[i] as usize..start[i + 1] as usize];
            if !run.is_sorted() {
                run.sort_unstable();
            }
            let mut last = None;
            for &(case, slot) in run.iter() {
                if last != Some((case, slot)) {
                    cases.push(case);
                    slots.push(slot);
                    last = Some((case, slot));
                }
            }
            out_start.push(u32::try_from(cases.len()).unwrap_or(u32::MAX));
        }
        self.start = out_start;
        self.cases = cases;
        self.slots = slots;
    }

    /// The (case, slot byte) postings of `ident`, by case.
    pub fn of(&self, ident: u32) -> impl Iterator<Item = (u32, u8)> + '_ {
        let i = ident as usize;
        let (lo, hi) = match (self.start.get(i), self.start.get(i + 1)) {
            (Some(&lo), Some(&hi)) => (lo as usize, hi as usize),
            _ => (0, 0),
        };
        let cases = self.cases.get(lo..hi).unwrap_or(&[]);
        let slots = self.slots.get(lo..hi).unwrap_or(&[]);
        cases.iter().copied().zip(slots.iter().copied())
    }

    pub fn heap_bytes(&self) -> usize {
        self.start.capacity() * 4
            + self.cases.capacity() * 4
            + self.slots.capacity()
            + self.pending.capacity() * std::mem::size_of::<Pending>()
    }
}

/// The postings in the index file (`persist`).
impl Postings {
    pub fn write_to<W: std::io::Write>(
        &self,
        out: &mut super::persist::Out<W>,
    ) -> std::io::Result<()> {
        out.u32s(&self.start)?;
        out.u32s(&self.cases)?;
        out.bytes(&self.slots)
    }

    /// Postings read back for `idents` identifiers, checked: the runs ascend and
    /// end where the postings do (the cases are checked by [`Self::cases_below`]).
    pub fn read_from<R: std::io::Read>(
        input: &mut super::persist::In<R>,
        idents: usize,
    ) -> std::io::Result<Postings> {
        let start = input.u32s()?;
        let cases = input.u32s()?;
        let slots = input.bytes()?;
        super::persist::ensure(
            (start.is_empty() || start.len() == idents + 1)
                && start.first().is_none_or(|&s| s == 0)
                && start.windows(2).all(|w| w[0] <= w[1])
                && start.last().map_or(0, |&s| s as usize) == cases.len()
                && slots.len() == cases.len(),
            "postings out of bounds",
        )?;
        Ok(Postings {
            start,
            cases,
            slots,
            pending: Vec::new(),
        })
    }

    pub fn cases_below(&self, n: u32) -> bool {
        self.cases.iter().all(|&c| c < n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn of(p: &Postings, ident: u32) -> Vec<(u32, u8)> {
        p.of(ident).collect()
    }

    #[test]
    fn groups_by_identifier_sorts_and_deduplicates() {
        let mut p = Postings::default();
        for (ident, case, slot) in [
            (2, 9, 1),
            (0, 5, 0),
            (2, 3, 4),
            (2, 9, 1),
            (0, 1, 0),
            (2, 3, 1),
        ] {
            p.add(ident, case, slot);
        }
        p.rebuild(4);
        assert_eq!(of(&p, 0), [(1, 0), (5, 0)]);
        assert!(of(&p, 1).is_empty());
        assert_eq!(of(&p, 2), [(3, 1), (3, 4), (9, 1)]);
        assert!(of(&p, 3).is_empty());
        assert!(of(&p, 99).is_empty());
    }

    #[test]
    fn an_update_merges_with_the_held_postings() {
        let mut p = Postings::default();
        p.add(0, 1, 0);
        p.add(1, 2, 0);
        p.rebuild(2);
        // New cases for an old identifier, a repeat, and a new identifier.
        p.add(0, 7, 0);
        p.add(1, 2, 0);
        p.add(2, 8, 3);
        p.rebuild(3);
        assert_eq!(of(&p, 0), [(1, 0), (7, 0)]);
        assert_eq!(of(&p, 1), [(2, 0)]);
        assert_eq!(of(&p, 2), [(8, 3)]);
        // A rebuild with nothing new changes nothing.
        p.rebuild(3);
        assert_eq!(of(&p, 0), [(1, 0), (7, 0)]);
    }
}
