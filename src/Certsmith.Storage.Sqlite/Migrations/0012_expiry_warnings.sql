-- Custom certificates are never renewed by the platform, so it warns before they expire (issue 7): the smallest
-- warning threshold (in days) already given, and the tenant's webhook for such warnings.
ALTER TABLE certificates ADD COLUMN expiry_warned_days INTEGER;
ALTER TABLE tenants ADD COLUMN webhook_url TEXT;
