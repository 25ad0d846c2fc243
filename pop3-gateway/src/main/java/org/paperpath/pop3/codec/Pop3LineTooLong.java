package org.paperpath.pop3.codec;

/** Emitted by {@link Pop3RequestDecoder} in place of a line over the limit, once the line has ended. */
public enum Pop3LineTooLong {
    INSTANCE
}
