-- People who sign in to the panel: members of one tenant, or platform admins (tenant_id NULL).
CREATE TABLE users (
    id            TEXT PRIMARY KEY,
    tenant_id     TEXT REFERENCES tenants (id),
    email         TEXT NOT NULL UNIQUE,
    password_hash TEXT NOT NULL,
    created_at    INTEGER NOT NULL,
    disabled_at   INTEGER
);
CREATE INDEX users_by_tenant ON users (tenant_id, email);
