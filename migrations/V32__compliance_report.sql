-- Signed compliance reports (合规审查报告) of blocks. body is the canonical JSON exactly as signed, kept as text
-- (jsonb would reorder keys and respace it, and the signature is over these bytes). A report generated again
-- for the same block version, instant and datasets has the same bytes, so it is stored once: the first
-- generation's id, time and author stand for it.
CREATE TABLE compliance_report (
    id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    parcel_id       uuid NOT NULL REFERENCES mine_parcel (id),
    parcel_version  integer NOT NULL CHECK (parcel_version > 0),
    -- The instant checked; NULL for the register and datasets current at created_at.
    as_of           timestamptz,
    body            text NOT NULL,
    sha256          char(64) NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
    -- Ed25519 over the UTF-8 bytes of body, base64.
    signature       text NOT NULL,
    -- SHA-256 (hex) of the signing public key's X.509 SubjectPublicKeyInfo.
    key_fingerprint char(64) NOT NULL CHECK (key_fingerprint ~ '^[0-9a-f]{64}$'),
    created_at      timestamptz NOT NULL DEFAULT now(),
    created_by      text NOT NULL,
    CONSTRAINT compliance_report_once UNIQUE (parcel_id, sha256, key_fingerprint)
);
