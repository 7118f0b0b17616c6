-- The change log behind ICertificateStore.GetChangesSinceAsync: which certificate, address or site each
-- change stamp touched, so the edge applies only what changed instead of re-reading 100,000 certificates.
-- Several rows may share one stamp (removing a site touches it and its addresses). Old rows are pruned;
-- change_log_floor is the newest stamp no longer fully logged, so a reader behind it reloads everything.
CREATE TABLE change_log (
    stamp     INTEGER NOT NULL,
    kind      TEXT NOT NULL,
    entity_id TEXT NOT NULL
);
CREATE INDEX change_log_by_stamp ON change_log (stamp);
INSERT INTO counters (name, value) SELECT 'change_log_floor', value FROM counters WHERE name = 'change_stamp';
