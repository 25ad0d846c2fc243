-- Issue 5: vmailmgr's per-domain limits and per-mailbox settings. NULL limits mean "no limit".

ALTER TABLE domain
    ADD COLUMN default_quota_bytes bigint  CHECK (default_quota_bytes >= 0),
    ADD COLUMN max_mailboxes       integer CHECK (max_mailboxes >= 0);

ALTER TABLE mailbox
    ADD COLUMN display_name      text        CHECK (length(display_name) <= 256),
    ADD COLUMN quota_bytes       bigint      CHECK (quota_bytes >= 0),
    ADD COLUMN soft_quota_bytes  bigint      CHECK (soft_quota_bytes >= 0),
    ADD COLUMN max_messages      bigint      CHECK (max_messages >= 0),
    ADD COLUMN max_message_bytes bigint      CHECK (max_message_bytes >= 0),
    ADD COLUMN expires_at        timestamptz,
    ADD COLUMN imap_access       boolean     NOT NULL DEFAULT true,
    ADD COLUMN pop3_access       boolean     NOT NULL DEFAULT true,
    ADD COLUMN smtp_access       boolean     NOT NULL DEFAULT true,
    ADD CONSTRAINT mailbox_soft_quota_within_hard
        CHECK (soft_quota_bytes IS NULL OR quota_bytes IS NULL OR soft_quota_bytes <= quota_bytes);
