-- TLS-ALPN-01 (RFC 8737): the validation certificate per server name, so any node's edge answers the CA.
-- The private key is encrypted by the master key; the token guards withdrawal against a newer challenge.
CREATE TABLE tls_alpn_challenges (
    server_name     TEXT PRIMARY KEY,
    token           TEXT NOT NULL,
    certificate_pem TEXT NOT NULL,
    protected_key   BLOB NOT NULL,
    expires_at      INTEGER NOT NULL
);
