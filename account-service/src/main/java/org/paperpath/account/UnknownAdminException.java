package org.paperpath.account;

/** The domain admin of a request does not exist (HTTP 404). */
final class UnknownAdminException extends RuntimeException {

    UnknownAdminException(String admin) {
        super("unknown domain admin " + admin);
    }
}
