package org.paperpath.account;

/** The caller is known but may not do this (HTTP 403). */
final class ForbiddenException extends RuntimeException {

    ForbiddenException(String message) {
        super(message);
    }
}
