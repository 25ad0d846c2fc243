package org.paperpath.account;

/** Which login services a mailbox may use; SMTP means submission with SMTP AUTH. */
record ServiceAccess(boolean imap, boolean pop3, boolean smtp) {

    static final ServiceAccess ALL = new ServiceAccess(true, true, true);

    /**
     * Whether {@code service}, as gateways name themselves to {@code /internal/v1/authenticate},
     * is allowed; an unknown or missing service name is not.
     */
    boolean allows(String service) {
        if (service == null) {
            return false;
        }
        switch (service) {
            case "imap":
                return imap;
            case "pop3":
                return pop3;
            case "smtp":
            case "submission":
                return smtp;
            default:
                return false;
        }
    }
}
