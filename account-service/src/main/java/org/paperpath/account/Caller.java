package org.paperpath.account;

/**
 * Who called {@code /api/v1/**}, as {@link ApiCallerFilter} established it: the operator, the owner
 * of one domain, or one mailbox user. What each may reach is decided in {@link Permissions}.
 */
sealed interface Caller {

    /** The request attribute holding the caller. */
    String ATTRIBUTE = "paperpath.account.caller";

    /** The peer address of the request, for the audit trail. */
    String remoteAddress();

    /** The caller as the audit trail names it; never a secret. */
    String describe();

    /** The operator, holding the admin token. */
    record Admin(String remoteAddress) implements Caller {
        @Override
        public String describe() {
            return "admin";
        }
    }

    /** The owner of {@code domain}, holding a token issued under {@code name}. */
    record DomainAdmin(String domain, String name, String remoteAddress) implements Caller {
        @Override
        public String describe() {
            return "domain-admin:" + name + "@" + domain;
        }
    }

    /** A mailbox user who gave its own address and password; reaches {@code /api/v1/me} only. */
    record MailboxUser(String domain, String localPart, String remoteAddress) implements Caller {
        @Override
        public String describe() {
            return "mailbox:" + AccountNames.address(localPart, domain);
        }
    }
}
