package org.paperpath.account;

/** The alias does not exist (HTTP 404). */
final class UnknownAliasException extends RuntimeException {

    UnknownAliasException(String name) {
        super("no such alias: " + name);
    }
}
