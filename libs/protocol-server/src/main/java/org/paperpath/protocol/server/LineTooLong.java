package org.paperpath.protocol.server;

/** Emitted by {@link CommandLineDecoder} in place of a line over the limit, once the line has ended. */
public enum LineTooLong {
    INSTANCE
}
