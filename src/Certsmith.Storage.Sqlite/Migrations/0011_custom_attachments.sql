-- A custom certificate the tenant attached to an address takes precedence at the edge (DESIGN.md serving rule 1).
ALTER TABLE addresses ADD COLUMN custom_certificate_id TEXT REFERENCES certificates (id);
