package org.paperpath.account;

/** The name is no alias domain of that domain (HTTP 404). */
final class UnknownAliasDomainException extends RuntimeException {

    UnknownAliasDomainException(String name) {
        super("no such alias domain: " + name);
    }
}
