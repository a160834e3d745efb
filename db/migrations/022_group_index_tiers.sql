-- The index by group in two tiers (issue 22 item 3), as the links' and identifiers'
-- (014, 018, 021): the case → group rows stay keyed by the case (a read by case is
-- one rowid seek), and each row says in which tier its index entry stands. A weekly
-- batch's rows (its new cases', an old case's that joins or changes group) are written
-- in the recent tier, whose small partial index is all the batch dirties of the index
-- by group, instead of an entry at each row's group's place all over the merged one
-- (783 of the 2,066 pages a 10,010-row batch changed at a million cases). The recent
-- tier is merged with the links' (`store::tiers`).
--
-- Readers by group name both tiers (`both_tiers!`: a seek in each partial index);
-- readers that total every group total each tier in its index's order and add the two.
-- The column is added with its default: no row is rewritten, every row is merged.
ALTER TABLE case_group_of ADD COLUMN tier INTEGER NOT NULL DEFAULT 0;
DROP INDEX case_groups_group;
CREATE INDEX case_groups_group ON case_group_of(group_case) WHERE tier = 0;
CREATE INDEX case_groups_group_recent ON case_group_of(group_case) WHERE tier = 1;
