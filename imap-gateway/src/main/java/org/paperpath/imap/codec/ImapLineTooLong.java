package org.paperpath.imap.codec;

/** Emitted by {@link ImapRequestDecoder} in place of a line over the limit, once the line has ended. */
public enum ImapLineTooLong {
    INSTANCE
}
