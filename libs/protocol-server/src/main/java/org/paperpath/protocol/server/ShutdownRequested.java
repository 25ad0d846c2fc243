package org.paperpath.protocol.server;

/**
 * Fired as a Netty user event on every open session when its listener closes: the session should
 * finish the exchange in flight, send its protocol's closing reply (SMTP 421, POP3 -ERR, IMAP BYE)
 * and close.
 */
public enum ShutdownRequested {
    INSTANCE
}
