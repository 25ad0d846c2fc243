package org.paperpath.account;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.UnaryOperator;
import org.paperpath.model.event.DirectoryEvent;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Mailboxes in PostgreSQL, without their secrets ({@link CredentialStore} holds those): settings,
 * forwarding and autoresponder. Every change writes its {@link DirectoryEvent.MailboxUpserted} or
 * tombstone through the {@link OutboxWriter} in the same transaction.
 */
final class MailboxStore {

    /**
     * A mailbox without its secret; null limits mean none.
     *
     * @param forwardTo where every message is forwarded, normalised ({@link Targets}); empty for none
     * @param keepCopy with forwards, whether this mailbox keeps a copy too
     * @param autoresponder the vacation reply, or null
     * @param id the incarnation id: set by the database when the row is created and never changed (a
     *     mailbox deleted and created again gets a new one); null in a row not read from the database
     *     (the defaults and changes a controller builds), which {@link MailboxStore} replaces by the
     *     stored one
     */
    record MailboxRow(String domain, String localPart, boolean enabled, String displayName, Long quotaBytes,
            Long softQuotaBytes, Long maxMessages, Long maxMessageBytes, Instant expiresAt, ServiceAccess access,
            List<String> forwardTo, boolean keepCopy, DirectoryEvent.Autoresponder autoresponder, String id) {

        MailboxRow {
            forwardTo = forwardTo == null ? List.of() : List.copyOf(forwardTo);
        }

        /** A row without its incarnation id (see {@link #withId}). */
        MailboxRow(String domain, String localPart, boolean enabled, String displayName, Long quotaBytes,
                Long softQuotaBytes, Long maxMessages, Long maxMessageBytes, Instant expiresAt, ServiceAccess access,
                List<String> forwardTo, boolean keepCopy, DirectoryEvent.Autoresponder autoresponder) {
            this(domain, localPart, enabled, displayName, quotaBytes, softQuotaBytes, maxMessages, maxMessageBytes,
                    expiresAt, access, forwardTo, keepCopy, autoresponder, null);
        }

        /** A new mailbox's defaults: no forwards, a kept copy, no autoresponder. */
        MailboxRow(String domain, String localPart, boolean enabled, String displayName, Long quotaBytes,
                Long softQuotaBytes, Long maxMessages, Long maxMessageBytes, Instant expiresAt,
                ServiceAccess access) {
            this(domain, localPart, enabled, displayName, quotaBytes, softQuotaBytes, maxMessages, maxMessageBytes,
                    expiresAt, access, List.of(), true, null);
        }

        /** This row if its limits agree with each other (vmailmgr's soft quota lies within the hard one). */
        MailboxRow checked() {
            if (softQuotaBytes != null && quotaBytes != null && softQuotaBytes > quotaBytes) {
                throw new InvalidInputException("softQuotaBytes", "must not exceed quotaBytes");
            }
            return this;
        }

        MailboxRow withForwarding(List<String> forwardTo, boolean keepCopy) {
            return new MailboxRow(domain, localPart, enabled, displayName, quotaBytes, softQuotaBytes, maxMessages,
                    maxMessageBytes, expiresAt, access, forwardTo, keepCopy, autoresponder, id);
        }

        MailboxRow withAutoresponder(DirectoryEvent.Autoresponder autoresponder) {
            return new MailboxRow(domain, localPart, enabled, displayName, quotaBytes, softQuotaBytes, maxMessages,
                    maxMessageBytes, expiresAt, access, forwardTo, keepCopy, autoresponder, id);
        }

        /** This row with the stored incarnation id: a change never gives a mailbox another one. */
        MailboxRow withId(String id) {
            return new MailboxRow(domain, localPart, enabled, displayName, quotaBytes, softQuotaBytes, maxMessages,
                    maxMessageBytes, expiresAt, access, forwardTo, keepCopy, autoresponder, id);
        }

        String address() {
            return AccountNames.address(localPart, domain);
        }

        /**
         * The directory's view: no secrets, the limits delivery enforces, forwards and the
         * autoresponder. {@code keepCopy} is published only with forwards, where it means something. The
         * incarnation id lets readers tell this mailbox's Maildir from a deleted one's of the same address.
         */
        DirectoryEvent.MailboxUpserted event() {
            return new DirectoryEvent.MailboxUpserted(DirectoryEvent.VERSION, address(), domain, localPart, enabled,
                    quotaBytes, softQuotaBytes, maxMessages, maxMessageBytes, forwardTo,
                    forwardTo.isEmpty() ? null : keepCopy, autoresponder, id);
        }
    }

    private static final String COLUMNS = "domain, local_part, enabled, display_name, quota_bytes, soft_quota_bytes,"
            + " max_messages, max_message_bytes, expires_at, imap_access, pop3_access, smtp_access, forward_to, keep_copy,"
            + " autoresponder_subject, autoresponder_body, autoresponder_from, autoresponder_until,"
            + " autoresponder_interval_seconds, id";

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final DomainStore domains;
    private final OutboxWriter outbox;
    private final LoopDetector loops;

    MailboxStore(AccountDatabase database, DomainStore domains, OutboxWriter outbox, LoopDetector loops) {
        this.jdbc = database.jdbc();
        this.transactions = database.transactions();
        this.domains = domains;
        this.outbox = outbox;
        this.loops = loops;
    }

    /** Inserts an enabled mailbox with the domain's default quota; see the five-argument form. */
    void insertMailbox(String domain, String localPart, String passwordHash, AuditEntry audit) {
        insertMailbox(domain, localPart, passwordHash, UnaryOperator.identity(), audit);
    }

    /**
     * Inserts a mailbox: {@code initial} changes the default settings (enabled, the domain's default
     * quota, every service).
     *
     * @throws UnknownDomainException if the domain does not exist
     * @throws MailboxExistsException if the mailbox exists
     * @throws AccountConflictException if an alias has the name or the domain has its maximum of mailboxes
     * @throws InvalidInputException if the settings contradict each other
     */
    void insertMailbox(String domain, String localPart, String passwordHash, UnaryOperator<MailboxRow> initial,
            AuditEntry audit) {
        String address = AccountNames.address(localPart, domain);
        transactions.executeWithoutResult(status -> {
            // The lock: the domain cannot vanish, concurrent creations cannot both pass the limit,
            // and no alias of the same name can be created meanwhile (AliasStore locks it too).
            DomainStore.DomainRow row = domains.lock(domain);
            if (AliasStore.exists(jdbc, domain, localPart)) {
                throw new AccountConflictException("localPart", address + " is an alias");
            }
            if (row.maxMailboxes() != null && countMailboxes(domain) >= row.maxMailboxes()) {
                throw new AccountConflictException("maxMailboxes",
                        "domain " + domain + " has its maximum of " + row.maxMailboxes() + " mailboxes");
            }
            MailboxRow mailbox = initial.apply(new MailboxRow(domain, localPart, true, null, row.defaultQuotaBytes(), null, null,
                    null, null, ServiceAccess.ALL)).withId(UUID.randomUUID().toString()).checked();
            int rows = jdbc.sql("""
                    INSERT INTO mailbox (domain, local_part, password_hash, enabled, display_name, quota_bytes,
                        soft_quota_bytes, max_messages, max_message_bytes, expires_at, imap_access, pop3_access, smtp_access,
                        id)
                    VALUES (:domain, :localPart, :hash, :enabled, :displayName, :quota, :softQuota, :maxMessages,
                        :maxMessageBytes, :expiresAt, :imap, :pop3, :smtp, CAST(:id AS uuid))
                    ON CONFLICT (domain, local_part) DO NOTHING""")
                    .param("id", mailbox.id())
                    .param("domain", domain)
                    .param("localPart", localPart)
                    .param("hash", passwordHash)
                    .param("enabled", mailbox.enabled())
                    .param("displayName", mailbox.displayName())
                    .param("quota", mailbox.quotaBytes())
                    .param("softQuota", mailbox.softQuotaBytes())
                    .param("maxMessages", mailbox.maxMessages())
                    .param("maxMessageBytes", mailbox.maxMessageBytes())
                    .param("expiresAt", AccountDatabase.timestamp(mailbox.expiresAt()))
                    .param("imap", mailbox.access().imap())
                    .param("pop3", mailbox.access().pop3())
                    .param("smtp", mailbox.access().smtp())
                    .update();
            if (rows == 0) {
                throw new MailboxExistsException(address);
            }
            outbox.upsert(mailbox.event());
            audit.insert(jdbc);
        });
    }

    Optional<MailboxRow> mailbox(String domain, String localPart) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM mailbox WHERE domain = :domain AND local_part = :localPart")
                .param("domain", domain).param("localPart", localPart)
                .query(MailboxStore::row).optional();
    }

    List<MailboxRow> mailboxes(String domain, long offset, int limit) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM mailbox WHERE domain = :domain ORDER BY local_part"
                        + " OFFSET :offset LIMIT :limit")
                .param("domain", domain).param("offset", offset).param("limit", limit)
                .query(MailboxStore::row).list();
    }

    long countMailboxes(String domain) {
        return jdbc.sql("SELECT count(*) FROM mailbox WHERE domain = :domain").param("domain", domain).query(Long.class).single();
    }

    /**
     * Changes a mailbox's settings under a row lock; publishes it. New forwards are checked for loops.
     *
     * @throws UnknownMailboxException if it does not exist
     * @throws AccountConflictException naming {@code forwardTo} if the forwards would loop
     */
    MailboxRow updateMailbox(String domain, String localPart, UnaryOperator<MailboxRow> change, AuditEntry audit) {
        String address = AccountNames.address(localPart, domain);
        return transactions.execute(status -> {
            MailboxRow current = jdbc.sql("SELECT " + COLUMNS
                            + " FROM mailbox WHERE domain = :domain AND local_part = :localPart FOR UPDATE")
                    .param("domain", domain).param("localPart", localPart)
                    .query(MailboxStore::row).optional()
                    .orElseThrow(() -> new UnknownMailboxException(address));
            MailboxRow changed = change.apply(current).withId(current.id()).checked();
            DirectoryEvent.Autoresponder reply = changed.autoresponder();
            jdbc.sql("""
                    UPDATE mailbox SET enabled = :enabled, display_name = :displayName, quota_bytes = :quota,
                        soft_quota_bytes = :softQuota, max_messages = :maxMessages, max_message_bytes = :maxMessageBytes,
                        expires_at = :expiresAt, imap_access = :imap, pop3_access = :pop3, smtp_access = :smtp,
                        forward_to = :forwardTo, keep_copy = :keepCopy, autoresponder_subject = :subject,
                        autoresponder_body = :body, autoresponder_from = :from, autoresponder_until = :until,
                        autoresponder_interval_seconds = :interval
                    WHERE domain = :domain AND local_part = :localPart""")
                    .param("enabled", changed.enabled())
                    .param("displayName", changed.displayName())
                    .param("quota", changed.quotaBytes())
                    .param("softQuota", changed.softQuotaBytes())
                    .param("maxMessages", changed.maxMessages())
                    .param("maxMessageBytes", changed.maxMessageBytes())
                    .param("expiresAt", AccountDatabase.timestamp(changed.expiresAt()))
                    .param("imap", changed.access().imap())
                    .param("pop3", changed.access().pop3())
                    .param("smtp", changed.access().smtp())
                    .param("forwardTo", AccountDatabase.textArray(changed.forwardTo()))
                    .param("keepCopy", changed.keepCopy())
                    .param("subject", reply == null ? null : reply.subject())
                    .param("body", reply == null ? null : reply.body())
                    .param("from", reply == null ? null : AccountDatabase.timestamp(reply.from()))
                    .param("until", reply == null ? null : AccountDatabase.timestamp(reply.until()))
                    .param("interval", reply == null ? null : reply.intervalSeconds())
                    .param("domain", domain)
                    .param("localPart", localPart)
                    .update();
            if (!changed.forwardTo().isEmpty() && !changed.forwardTo().equals(current.forwardTo())) {
                loops.refuseLoop(LoopDetector.Entry.mailbox(address), "forwardTo");
            }
            outbox.upsert(changed.event());
            audit.insert(jdbc);
            return changed;
        });
    }

    /**
     * Deletes a mailbox; publishes its tombstone.
     *
     * @throws UnknownMailboxException if it does not exist
     * @throws AccountConflictException naming {@code localPart} if its mail would then loop
     *     (through the catch-all, say)
     */
    void deleteMailbox(String domain, String localPart, AuditEntry audit) {
        String address = AccountNames.address(localPart, domain);
        transactions.executeWithoutResult(status -> {
            int rows = jdbc.sql("DELETE FROM mailbox WHERE domain = :domain AND local_part = :localPart")
                    .param("domain", domain).param("localPart", localPart).update();
            if (rows == 0) {
                throw new UnknownMailboxException(address);
            }
            loops.refuseLoopThrough(address, "localPart");
            outbox.tombstone(DirectoryEvent.mailboxKey(address));
            audit.insert(jdbc);
        });
    }

    static boolean exists(JdbcClient jdbc, String domain, String localPart) {
        return jdbc.sql("SELECT count(*) FROM mailbox WHERE domain = :domain AND local_part = :localPart")
                .param("domain", domain).param("localPart", localPart).query(Long.class).single() > 0;
    }

    private static MailboxRow row(ResultSet rs, int n) throws SQLException {
        String subject = rs.getString("autoresponder_subject");
        DirectoryEvent.Autoresponder autoresponder = subject == null ? null : new DirectoryEvent.Autoresponder(subject,
                rs.getString("autoresponder_body"), AccountDatabase.instant(rs, "autoresponder_from"),
                AccountDatabase.instant(rs, "autoresponder_until"), rs.getLong("autoresponder_interval_seconds"));
        return new MailboxRow(rs.getString("domain"), rs.getString("local_part"), rs.getBoolean("enabled"),
                rs.getString("display_name"), rs.getObject("quota_bytes", Long.class),
                rs.getObject("soft_quota_bytes", Long.class), rs.getObject("max_messages", Long.class),
                rs.getObject("max_message_bytes", Long.class), AccountDatabase.instant(rs, "expires_at"),
                CredentialStore.access(rs), AccountDatabase.textList(rs, "forward_to"), rs.getBoolean("keep_copy"),
                autoresponder, rs.getString("id"));
    }
}
