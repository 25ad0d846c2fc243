-- Issue 5: aliases, catch-all, alias domains, forwarding and the autoresponder. Addresses are
-- stored normalised (lower case, A-label domains); loops are refused by account-service at write
-- time, since SQL cannot express them.

ALTER TABLE domain
    ADD COLUMN catch_all text CHECK (octet_length(catch_all) <= 320);

-- Another name for a domain: a@name is a@target. A name is either a domain or an alias domain,
-- never both; account-service checks that under an advisory lock on the name.
CREATE TABLE alias_domain (
    name       text        PRIMARY KEY CHECK (name = lower(name) AND length(name) <= 253),
    target     text        NOT NULL REFERENCES domain (name),
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX alias_domain_target ON alias_domain (target, name);

-- An address of a domain whose mail goes to its targets instead; never also a mailbox.
CREATE TABLE alias (
    domain     text        NOT NULL REFERENCES domain (name),
    local_part text        NOT NULL CHECK (local_part = lower(local_part) AND octet_length(local_part) <= 64),
    targets    text[]      NOT NULL CHECK (cardinality(targets) BETWEEN 1 AND 1000),
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (domain, local_part)
);

ALTER TABLE mailbox
    ADD COLUMN forward_to                        text[]      NOT NULL DEFAULT '{}'
        CHECK (cardinality(forward_to) <= 1000),
    ADD COLUMN keep_copy                         boolean     NOT NULL DEFAULT true,
    ADD COLUMN autoresponder_subject             text        CHECK (length(autoresponder_subject) <= 200),
    ADD COLUMN autoresponder_body                text        CHECK (octet_length(autoresponder_body) <= 65536),
    ADD COLUMN autoresponder_from                timestamptz,
    ADD COLUMN autoresponder_until               timestamptz,
    ADD COLUMN autoresponder_interval_seconds    bigint      CHECK (autoresponder_interval_seconds >= 3600),
    ADD CONSTRAINT mailbox_autoresponder_complete CHECK (
        (autoresponder_subject IS NULL) = (autoresponder_body IS NULL)
        AND (autoresponder_subject IS NULL) = (autoresponder_interval_seconds IS NULL)),
    ADD CONSTRAINT mailbox_autoresponder_ordered CHECK (
        autoresponder_from IS NULL OR autoresponder_until IS NULL OR autoresponder_from < autoresponder_until);
