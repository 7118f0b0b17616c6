-- Wildcards (DESIGN.md, "What to order"): a tenant's standing request for *.parent, a wildcard that cannot be
-- obtained (its addresses fall back to certificates of their own, remembered by the wildcard they wait for),
-- domain proof through DNS, verified _acme-challenge CNAMEs of external domains, and the DNS-01 TXT records
-- written, so a crash never leaves one behind.
ALTER TABLE certificates ADD COLUMN requested INTEGER NOT NULL DEFAULT 0;
ALTER TABLE certificates ADD COLUMN unobtainable INTEGER NOT NULL DEFAULT 0;

ALTER TABLE assignments ADD COLUMN waiting_for TEXT REFERENCES certificates (id);
CREATE INDEX assignments_by_waiting_for ON assignments (waiting_for) WHERE waiting_for IS NOT NULL;

ALTER TABLE domains ADD COLUMN checked_at INTEGER;
ALTER TABLE domains ADD COLUMN check_error TEXT;

CREATE TABLE challenge_delegations (
    id          TEXT PRIMARY KEY,
    tenant_id   TEXT NOT NULL REFERENCES tenants (id),
    parent      TEXT NOT NULL,
    target      TEXT NOT NULL,
    verified    INTEGER NOT NULL DEFAULT 0,
    checked_at  INTEGER,
    check_error TEXT,
    created_at  INTEGER NOT NULL,
    UNIQUE (tenant_id, parent)
);

CREATE TABLE dns_challenge_records (
    record_name TEXT NOT NULL,
    value       TEXT NOT NULL,
    zone        TEXT NOT NULL,
    created_at  INTEGER NOT NULL,
    expires_at  INTEGER NOT NULL,
    PRIMARY KEY (record_name, value)
);
CREATE INDEX dns_challenge_records_by_expiry ON dns_challenge_records (expires_at);
