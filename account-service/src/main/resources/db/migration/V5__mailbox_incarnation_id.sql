-- A mailbox's incarnation id: fixed when the row is created and never changed, so a mailbox deleted
-- and created again under the same address has a new one. Published in every MailboxUpserted and in
-- the authenticate answer; libs/maildir's MailboxHome keeps it in the Maildir (paperpath-mailbox-id)
-- and moves a Maildir of an older incarnation aside instead of showing its mail to the new one.
-- Existing rows each get their own id here (gen_random_uuid is built into PostgreSQL 13 and later).

ALTER TABLE mailbox ADD COLUMN id uuid NOT NULL DEFAULT gen_random_uuid();

ALTER TABLE mailbox ADD CONSTRAINT mailbox_id_unique UNIQUE (id);
