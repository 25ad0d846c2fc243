package org.paperpath.account;

import java.util.function.UnaryOperator;
import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;

/**
 * account-service's operations on mailboxes (logins are {@link Logins}): for the operator and the
 * domain's admins, and a mailbox user's own through {@code /api/v1/me} ({@link Permissions}). Every
 * change is audited in its own transaction. Passwords are hashed before any transaction starts, so
 * a slow hash never holds a database connection.
 */
final class Mailboxes {

    private final DomainStore domains;
    private final MailboxStore store;
    private final CredentialStore credentials;
    private final OutboxPublisher publisher;
    private final Argon2PasswordEncoder encoder = Passwords.encoder();

    Mailboxes(DomainStore domains, MailboxStore store, CredentialStore credentials, OutboxPublisher publisher) {
        this.domains = domains;
        this.store = store;
        this.credentials = credentials;
        this.publisher = publisher;
    }

    MailboxStore.MailboxRow createMailbox(Caller caller, String domainName, String localPartName, String password,
            UnaryOperator<MailboxStore.MailboxRow> initial) {
        String domain = Permissions.authorizedDomain(caller, domainName);
        String localPart = AccountNames.normalize(localPartName);
        Passwords.checkStrength(password, localPart, domain);
        existingDomain(domain);
        String address = AccountNames.address(localPart, domain);
        store.insertMailbox(domain, localPart, encoder.encode(password), initial,
                AuditEntry.of(caller, "mailbox.create", domain, address, null));
        publisher.wake();
        return store.mailbox(domain, localPart).orElseThrow(() -> new UnknownMailboxException(address));
    }

    /** The normalised, existing domain a bulk import by {@code caller} goes to. */
    String importTarget(Caller caller, String domainName) {
        return existingDomain(Permissions.authorizedDomain(caller, domainName));
    }

    /**
     * Creates one imported mailbox with a password or an imported hash (exactly one of them), unless
     * it exists: then nothing changes, so an import can be repeated.
     *
     * @return true if created, false if it existed
     */
    boolean importMailbox(Caller caller, String domain, String localPartName, String password, String importedHash,
            UnaryOperator<MailboxStore.MailboxRow> initial) {
        String localPart = AccountNames.localPart(localPartName);
        if ((password == null) == (importedHash == null)) {
            throw new InvalidInputException("password", "give either password or passwordHash");
        }
        String hash;
        if (importedHash != null) {
            hash = LegacyPasswordHashes.parse(importedHash).orElseThrow(() -> new InvalidInputException("passwordHash",
                    "must be {CRYPT}, {MD5-CRYPT}, {SHA256-CRYPT}, {SHA512-CRYPT}, {BLF-CRYPT} or bcrypt"));
        } else {
            Passwords.checkStrength(password, localPart, domain);
            hash = encoder.encode(password);
        }
        String address = AccountNames.address(localPart, domain);
        try {
            store.insertMailbox(domain, localPart, hash, initial, AuditEntry.of(caller, "mailbox.import", domain, address,
                    importedHash != null ? "passwordHash" : null));
        } catch (MailboxExistsException e) {
            return false;
        }
        publisher.wake();
        return true;
    }

    MailboxStore.MailboxRow mailbox(Caller caller, String domainName, String localPartName) {
        String domain = existingDomain(Permissions.authorizedDomain(caller, domainName));
        String localPart = AccountNames.localPart(localPartName);
        return store.mailbox(domain, localPart)
                .orElseThrow(() -> new UnknownMailboxException(AccountNames.address(localPart, domain)));
    }

    Paging.Page<MailboxStore.MailboxRow> mailboxes(Caller caller, String domainName, Paging paging) {
        String domain = existingDomain(Permissions.authorizedDomain(caller, domainName));
        return new Paging.Page<>(store.mailboxes(domain, paging.offset(), paging.size()), paging.page(), paging.size(),
                store.countMailboxes(domain));
    }

    MailboxStore.MailboxRow updateMailbox(Caller caller, String domainName, String localPartName,
            UnaryOperator<MailboxStore.MailboxRow> change, String detail) {
        String domain = existingDomain(Permissions.authorizedDomain(caller, domainName));
        String localPart = AccountNames.localPart(localPartName);
        return update(caller, domain, localPart, change, detail);
    }

    void setPassword(Caller caller, String domainName, String localPartName, String password) {
        String domain = existingDomain(Permissions.authorizedDomain(caller, domainName));
        String localPart = AccountNames.localPart(localPartName);
        changePassword(caller, domain, localPart, password);
    }

    void deleteMailbox(Caller caller, String domainName, String localPartName) {
        String domain = existingDomain(Permissions.authorizedDomain(caller, domainName));
        String localPart = AccountNames.localPart(localPartName);
        store.deleteMailbox(domain, localPart,
                AuditEntry.of(caller, "mailbox.delete", domain, AccountNames.address(localPart, domain), null));
        publisher.wake();
    }

    /** The mailbox user's own mailbox; nobody else has one. */
    MailboxStore.MailboxRow me(Caller caller) {
        Caller.MailboxUser user = Permissions.requireMailboxUser(caller);
        return store.mailbox(user.domain(), user.localPart())
                .orElseThrow(() -> new UnknownMailboxException(AccountNames.address(user.localPart(), user.domain())));
    }

    /** A mailbox user's change of its own forwarding or autoresponder; {@code detail} names what changed. */
    MailboxStore.MailboxRow updateMe(Caller caller, UnaryOperator<MailboxStore.MailboxRow> change, String detail) {
        Caller.MailboxUser user = Permissions.requireMailboxUser(caller);
        return update(caller, user.domain(), user.localPart(), change, detail);
    }

    void setMyPassword(Caller caller, String password) {
        Caller.MailboxUser user = Permissions.requireMailboxUser(caller);
        changePassword(caller, user.domain(), user.localPart(), password);
    }

    private MailboxStore.MailboxRow update(Caller caller, String domain, String localPart,
            UnaryOperator<MailboxStore.MailboxRow> change, String detail) {
        MailboxStore.MailboxRow changed = store.updateMailbox(domain, localPart, change,
                AuditEntry.of(caller, "mailbox.update", domain, AccountNames.address(localPart, domain), detail));
        publisher.wake();
        return changed;
    }

    private void changePassword(Caller caller, String domain, String localPart, String password) {
        Passwords.checkStrength(password, localPart, domain);
        credentials.setPasswordHash(domain, localPart, encoder.encode(password),
                AuditEntry.of(caller, "mailbox.password", domain, AccountNames.address(localPart, domain), null));
    }

    private String existingDomain(String domain) {
        if (!domains.domainExists(domain)) {
            throw new UnknownDomainException(domain);
        }
        return domain;
    }
}
