-- The panel's views of a big tenant (bench/README.md, "Panel pages"): counting its certificates by state and reading
-- one page of them, newest first. Both read only these columns, so this index answers them without touching the rows,
-- whose chain (~3 KB, stored before not_after and last_error) made every count read the whole table's overflow pages.
CREATE INDEX certificates_by_tenant_kind_state ON certificates (tenant_id, kind, state, created_at, not_after, last_error, id);
