-- account-service's schema: the minimum of vmailmgr's role (domains and mailboxes) plus the
-- transactional outbox that feeds the compacted directory topic.

CREATE TABLE domain (
    name       text        PRIMARY KEY CHECK (name = lower(name) AND length(name) <= 253),
    enabled    boolean     NOT NULL DEFAULT true,
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE mailbox (
    domain        text        NOT NULL REFERENCES domain (name),
    local_part    text        NOT NULL CHECK (local_part = lower(local_part) AND octet_length(local_part) <= 64),
    -- Argon2id in Spring Security's encoded form; the password itself is never stored.
    password_hash text        NOT NULL,
    enabled       boolean     NOT NULL DEFAULT true,
    created_at    timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (domain, local_part)
);

-- Rows written in the same transaction as the change they describe; OutboxPublisher sends them to
-- the directory topic in id order and deletes each once the broker acknowledged it.
CREATE TABLE directory_outbox (
    id         bigserial   PRIMARY KEY,
    record_key text        NOT NULL,
    -- EventCodec JSON; NULL is a tombstone (a deletion on the compacted topic).
    payload    text,
    created_at timestamptz NOT NULL DEFAULT now()
);
