package org.paperpath.smtp.server;

import java.time.Clock;
import org.paperpath.smtp.protocol.RecipientSizeLimit;
import org.paperpath.smtp.protocol.SmtpCommandDispatcher;
import org.paperpath.smtp.protocol.SmtpSettings;
import org.paperpath.smtp.queue.MessageSink;
import org.paperpath.smtp.queue.SpoolCapacity;

/**
 * What every session of one listener shares.
 *
 * @param listener the listener's name, a metric tag ({@code smtp}, {@code submission}, {@code submissions})
 * @param security TLS, AUTH and relay settings of the listener
 * @param spoolCapacity asked once more when a message's content has ended, before it is committed
 * @param recipientSizeLimit asked when a message's content has ended, for a client that gave no SIZE
 */
public record SmtpSessionContext(String listener, SmtpSettings settings, SmtpCommandDispatcher dispatcher,
        MessageSink sink, SmtpMetrics metrics, Clock clock, ListenerSecurity security, SpoolCapacity spoolCapacity,
        RecipientSizeLimit recipientSizeLimit) {

    /** A listener whose recipients have no size limits of their own (tests that are not about it). */
    public SmtpSessionContext(String listener, SmtpSettings settings, SmtpCommandDispatcher dispatcher,
            MessageSink sink, SmtpMetrics metrics, Clock clock, ListenerSecurity security, SpoolCapacity spoolCapacity) {
        this(listener, settings, dispatcher, sink, metrics, clock, security, spoolCapacity, RecipientSizeLimit.none());
    }

    /** A listener whose spool never runs out (tests that are not about it). */
    public SmtpSessionContext(String listener, SmtpSettings settings, SmtpCommandDispatcher dispatcher,
            MessageSink sink, SmtpMetrics metrics, Clock clock, ListenerSecurity security) {
        this(listener, settings, dispatcher, sink, metrics, clock, security, SpoolCapacity.unlimited());
    }

    /** A listener without TLS or AUTH, where nobody relays. */
    public SmtpSessionContext(String listener, SmtpSettings settings, SmtpCommandDispatcher dispatcher,
            MessageSink sink, SmtpMetrics metrics, Clock clock) {
        this(listener, settings, dispatcher, sink, metrics, clock, ListenerSecurity.none());
    }
}
