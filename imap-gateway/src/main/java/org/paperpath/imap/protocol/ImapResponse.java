package org.paperpath.imap.protocol;

import java.util.List;

/**
 * The lines the server sends for one command or event (untagged {@code *} lines, then the tagged
 * completion), without CRLF.
 */
public record ImapResponse(List<String> lines) {

    public ImapResponse {
        lines = List.copyOf(lines);
    }

    public static ImapResponse of(String... lines) {
        return new ImapResponse(List.of(lines));
    }
}
