-- Renewal: when the certificate is renewed (ARI window or two thirds of its lifetime), and when the CA's
-- renewal information is asked for again.
ALTER TABLE certificates ADD COLUMN renew_at INTEGER;
ALTER TABLE certificates ADD COLUMN ari_next_poll_at INTEGER;
