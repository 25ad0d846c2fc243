package org.paperpath.imap.protocol;

/** One parsed IMAP command line (RFC 3501 section 6); every command carries the client's tag. */
public sealed interface ImapCommand {

    /** {@code tag CAPABILITY} (RFC 3501 section 6.1.1). */
    record Capability(String tag) implements ImapCommand {
    }

    /** {@code tag NOOP} (RFC 3501 section 6.1.2). */
    record Noop(String tag) implements ImapCommand {
    }

    /** {@code tag LOGOUT} (RFC 3501 section 6.1.3). */
    record Logout(String tag) implements ImapCommand {
    }

    /** A well-tagged command this server does not implement yet (or a known one with arguments). */
    record Unsupported(String tag, String name) implements ImapCommand {
    }

    /** A line without a valid tag (or over the limit): only an untagged {@code * BAD} can answer it. */
    record Untagged(String reason) implements ImapCommand {
    }
}
