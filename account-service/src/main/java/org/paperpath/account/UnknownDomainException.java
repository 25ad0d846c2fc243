package org.paperpath.account;

/** The domain of a request does not exist (HTTP 404). */
final class UnknownDomainException extends RuntimeException {

    UnknownDomainException(String domain) {
        super("unknown domain " + domain);
    }
}
