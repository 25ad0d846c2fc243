package org.paperpath.sendmail;

/**
 * Exit statuses from BSD {@code sysexits.h}, the ones sendmail returns, so callers that already
 * distinguish "try again later" (75) from "give up" (69) behave as they do with sendmail.
 */
enum ExitStatus {
    OK(0),
    /** Bad command line: unknown option, missing option argument, no recipients. */
    USAGE(64),
    /** The message itself is unusable, e.g. {@code -t} found no recipient in its headers. */
    DATAERR(65),
    /** The ingress refused permanently (5xx): retrying the same message will not help. */
    UNAVAILABLE(69),
    /** A bug in this program. */
    SOFTWARE(70),
    /** The message could not be read from standard input. */
    IOERR(74),
    /** Try again later: 4xx, connection refused, or the connection broke before the 250. */
    TEMPFAIL(75),
    /** A setting in the environment is unusable, e.g. {@code PAPERPATH_SENDMAIL_PORT=smtp}. */
    CONFIG(78);

    final int code;

    ExitStatus(int code) {
        this.code = code;
    }
}
