-- Certificates from other CAs (issue 7): a CSR the platform generated waits, with its encrypted key, for the
-- certificate the other CA returns.
ALTER TABLE certificates ADD COLUMN csr_pem TEXT;
