package org.paperpath.account;

/**
 * What each {@link Caller} may reach: the operator everything; a domain admin its own domain (403
 * elsewhere, decided before looking anything up, so nothing is learnt of other domains); a mailbox
 * user nothing but {@code /api/v1/me}.
 */
final class Permissions {

    private Permissions() {
    }

    /**
     * The normalised domain of a request that {@code caller} may reach: the operator any, a domain
     * admin its own; everyone else is refused before the name is looked up.
     */
    static String authorizedDomain(Caller caller, String name) {
        if (caller instanceof Caller.MailboxUser) {
            throw new ForbiddenException("a mailbox user reaches /api/v1/me only");
        }
        String domain = AccountNames.domain(name, "domain");
        if (caller instanceof Caller.DomainAdmin admin && !admin.domain().equals(domain)) {
            throw new ForbiddenException("this token manages " + admin.domain() + " only");
        }
        return domain;
    }

    static void requireAdmin(Caller caller) {
        if (!(caller instanceof Caller.Admin)) {
            throw new ForbiddenException("only the operator (admin token) may do this");
        }
    }

    static Caller.MailboxUser requireMailboxUser(Caller caller) {
        if (caller instanceof Caller.MailboxUser user) {
            return user;
        }
        throw new ForbiddenException("/api/v1/me is for mailbox users (HTTP Basic with address and password)");
    }
}
