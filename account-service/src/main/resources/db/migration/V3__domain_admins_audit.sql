-- Issue 5: domain owners with their own bearer tokens, and the audit trail of every change.

-- A token is 256 random bits, so its SHA-256 suffices as the stored form: it cannot be guessed or
-- brute-forced from the digest, and the lookup is one index probe.
CREATE TABLE domain_admin (
    domain       text        NOT NULL REFERENCES domain (name) ON DELETE CASCADE,
    name         text        NOT NULL CHECK (name ~ '^[a-z0-9][a-z0-9._-]{0,63}$'),
    token_sha256 bytea       NOT NULL UNIQUE CHECK (length(token_sha256) = 32),
    created_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (domain, name)
);

-- Written in the transaction of the change it records; never holds a secret.
CREATE TABLE audit (
    id             bigserial   PRIMARY KEY,
    at             timestamptz NOT NULL DEFAULT now(),
    actor          text        NOT NULL,
    remote_address text,
    action         text        NOT NULL,
    domain         text,
    target         text,
    detail         text
);

CREATE INDEX audit_domain ON audit (domain, id);
