-- Certsmith's embedded schema, version 1.
-- Ids are lower-case GUID text; times are unix milliseconds (UTC); enums are their names; names are
-- lower-case A-labels without a trailing dot; secrets (encrypted keys, token hashes) are BLOBs.

-- Platform-wide counters, bumped inside the transaction that changes what they count.
CREATE TABLE counters (
    name  TEXT PRIMARY KEY,
    value INTEGER NOT NULL
) WITHOUT ROWID;
INSERT INTO counters (name, value) VALUES ('address_sequence', 0), ('change_stamp', 0);

CREATE TABLE tenants (
    id                 TEXT PRIMARY KEY,
    name               TEXT NOT NULL UNIQUE,
    wildcard_threshold INTEGER,
    created_at         INTEGER NOT NULL
);

-- Only the SHA-256 of a token is stored; a null tenant is a platform admin's token.
CREATE TABLE api_tokens (
    id         TEXT PRIMARY KEY,
    tenant_id  TEXT REFERENCES tenants (id),
    name       TEXT NOT NULL,
    hash       BLOB NOT NULL UNIQUE,
    created_at INTEGER NOT NULL,
    revoked_at INTEGER
);
CREATE INDEX api_tokens_by_tenant ON api_tokens (tenant_id, created_at);

CREATE TABLE domains (
    id                 TEXT PRIMARY KEY,
    tenant_id          TEXT NOT NULL REFERENCES tenants (id),
    name               TEXT NOT NULL,
    kind               TEXT NOT NULL,
    state              TEXT NOT NULL,
    verification_token TEXT NOT NULL,
    created_at         INTEGER NOT NULL,
    UNIQUE (tenant_id, name)
);
CREATE INDEX domains_by_name ON domains (name);

CREATE TABLE sites (
    id              TEXT PRIMARY KEY,
    tenant_id       TEXT NOT NULL REFERENCES tenants (id),
    name            TEXT NOT NULL,
    backend         TEXT,
    force_https     INTEGER NOT NULL,
    hsts_max_age_ms INTEGER,
    created_at      INTEGER NOT NULL,
    UNIQUE (tenant_id, name)
);

-- A removed address is deleted, so every row is live and the name index makes names platform-unique.
CREATE TABLE addresses (
    id         TEXT PRIMARY KEY,
    site_id    TEXT NOT NULL REFERENCES sites (id),
    tenant_id  TEXT NOT NULL REFERENCES tenants (id),
    name       TEXT NOT NULL UNIQUE,
    sequence   INTEGER NOT NULL UNIQUE,
    created_at INTEGER NOT NULL
);
CREATE INDEX addresses_by_site ON addresses (site_id, sequence);
CREATE INDEX addresses_by_tenant ON addresses (tenant_id, sequence);

-- names: a JSON array of names; version: optimistic concurrency (UPDATE ... WHERE version = ?).
CREATE TABLE certificates (
    id                 TEXT PRIMARY KEY,
    tenant_id          TEXT NOT NULL REFERENCES tenants (id),
    kind               TEXT NOT NULL,
    names              TEXT NOT NULL,
    state              TEXT NOT NULL,
    chain_pem          TEXT,
    protected_key      BLOB,
    not_before         INTEGER,
    not_after          INTEGER,
    issuer             TEXT,
    serial_number      TEXT,
    ari_certificate_id TEXT,
    last_error         TEXT,
    next_attempt_at    INTEGER,
    failure_count      INTEGER NOT NULL,
    created_at         INTEGER NOT NULL,
    updated_at         INTEGER NOT NULL,
    version            INTEGER NOT NULL
);
CREATE INDEX certificates_by_tenant ON certificates (tenant_id, created_at);

CREATE TABLE assignments (
    address_id     TEXT PRIMARY KEY REFERENCES addresses (id),
    certificate_id TEXT NOT NULL REFERENCES certificates (id),
    reason         TEXT NOT NULL,
    assigned_at    INTEGER NOT NULL
);
CREATE INDEX assignments_by_certificate ON assignments (certificate_id);

CREATE TABLE orders (
    id             TEXT PRIMARY KEY,
    certificate_id TEXT NOT NULL REFERENCES certificates (id),
    stage          TEXT NOT NULL,
    order_url      TEXT,
    challenge_type TEXT NOT NULL,
    protected_key  BLOB,
    error          TEXT,
    created_at     INTEGER NOT NULL,
    updated_at     INTEGER NOT NULL
);
CREATE INDEX orders_by_certificate ON orders (certificate_id, created_at);

-- One item per (kind, subject); a lease is (lease_owner, lease_until), both null when free.
CREATE TABLE work_items (
    id          TEXT PRIMARY KEY,
    kind        TEXT NOT NULL,
    subject_id  TEXT NOT NULL,
    due_at      INTEGER NOT NULL,
    attempts    INTEGER NOT NULL,
    lease_owner TEXT,
    lease_until INTEGER,
    last_error  TEXT,
    UNIQUE (kind, subject_id)
);
CREATE INDEX work_items_by_due ON work_items (due_at);

-- Append-only history; the rowid alias is the store-assigned, increasing event id.
CREATE TABLE events (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    tenant_id      TEXT NOT NULL,
    certificate_id TEXT,
    address_id     TEXT,
    at             INTEGER NOT NULL,
    kind           TEXT NOT NULL,
    message        TEXT NOT NULL
);
CREATE INDEX events_by_certificate ON events (certificate_id, id);
CREATE INDEX events_by_address ON events (address_id, id);

CREATE TABLE acme_accounts (
    directory_url TEXT PRIMARY KEY,
    account_url   TEXT NOT NULL,
    protected_key BLOB NOT NULL,
    created_at    INTEGER NOT NULL
);

CREATE TABLE challenge_answers (
    token             TEXT PRIMARY KEY,
    key_authorization TEXT NOT NULL,
    expires_at        INTEGER NOT NULL
);
