-- HSTS (issue 7, "Force HTTPS and HSTS"): includeSubDomains and preload are sent only when the tenant chose them.
ALTER TABLE sites ADD COLUMN hsts_include_subdomains INTEGER NOT NULL DEFAULT 0;
ALTER TABLE sites ADD COLUMN hsts_preload INTEGER NOT NULL DEFAULT 0;
