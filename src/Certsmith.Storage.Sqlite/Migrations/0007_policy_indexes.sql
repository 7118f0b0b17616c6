-- The policy decides per address in O(1) reads: the certificates covering one name, and the count of a
-- tenant's addresses one label below a parent name (DESIGN.md, "What to order").
CREATE TABLE certificate_names (
    certificate_id TEXT NOT NULL REFERENCES certificates (id),
    tenant_id      TEXT NOT NULL,
    name           TEXT NOT NULL,
    PRIMARY KEY (certificate_id, name)
);
CREATE INDEX certificate_names_by_name ON certificate_names (tenant_id, name);
INSERT INTO certificate_names (certificate_id, tenant_id, name)
    SELECT c.id, c.tenant_id, j.value FROM certificates c, json_each(c.names) j;

ALTER TABLE addresses ADD COLUMN parent TEXT;
UPDATE addresses SET parent = CASE WHEN instr(name, '.') > 0 THEN substr(name, instr(name, '.') + 1) END;
CREATE INDEX addresses_by_parent ON addresses (tenant_id, parent, sequence);
