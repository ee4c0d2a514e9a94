-- scoring: each person's running behaviour sums per rule of the active model (points decayed to the latest matching
-- activity, matches, the cap used in that activity's period), so a new activity or the passing of time updates a
-- score without reading the person's history. Null: not known yet (people from before, after a merge or an
-- erasure); the next score reads the history and stores them.
alter table persons add column behaviour_sums jsonb;
