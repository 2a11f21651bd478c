-- Inspectors (AUDITOR): read what staff read, and the change and access logs; write nothing.
ALTER TABLE api_key DROP CONSTRAINT api_key_role_check;
ALTER TABLE api_key ADD CONSTRAINT api_key_role_check CHECK (role IN ('STAFF_EDITOR', 'STAFF_VIEWER', 'AUDITOR', 'PLATFORM'));
