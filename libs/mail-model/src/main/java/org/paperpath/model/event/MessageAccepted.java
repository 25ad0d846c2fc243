package org.paperpath.model.event;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import java.time.Instant;
import java.util.List;

/**
 * A message smtp-ingress (or queue-service, for forwards and bounces) has accepted: the envelope and
 * the spool reference of its body. Written before the client hears 250.
 *
 * <p>{@code dsn}, {@code esmtp} and {@code authenticatedUser} came later: records without them (and
 * writers that do not know them) are still valid, and each is left out of the JSON when absent.
 *
 * @param sender the reverse-path, empty for the null sender {@code <>}
 * @param recipients forward-paths as written by {@link org.paperpath.model.MailAddress#toString()}
 * @param spoolRef the body's path relative to the spool root
 * @param size the spooled body's size in octets, Received header included
 * @param dsn the RFC 3461 parameters the client gave, or null if it gave none
 * @param esmtp the other MAIL parameters that matter downstream, or null if none were given
 * @param authenticatedUser the mailbox that authenticated with SMTP AUTH (RFC 4954) before sending,
 *     or null for an unauthenticated session (MX mail, or queue-service's own messages)
 * @param bodyCrc32c the CRC-32C of the spooled body, set by a writer that publishes this record while
 *     the body is still being made durable (smtp-ingress, ADR 0004): a reader must then find the body
 *     with exactly {@code size} octets and this checksum before it queues anything, because only a
 *     message never answered 250 can lack it. Null (and left out of the JSON) for a body that was
 *     durable before the record was written.
 */
public record MessageAccepted(int v, String queueId, String sender, List<String> recipients, String spoolRef,
        long size, Instant acceptedAt, String clientAddress, String heloName,
        @JsonInclude(JsonInclude.Include.NON_NULL) Dsn dsn,
        @JsonInclude(JsonInclude.Include.NON_NULL) Esmtp esmtp,
        @JsonInclude(JsonInclude.Include.NON_NULL) String authenticatedUser,
        @JsonInclude(JsonInclude.Include.NON_NULL) Long bodyCrc32c) implements PaperpathEvent {

    public static final int VERSION = 1;

    @JsonCreator
    public MessageAccepted {
        recipients = List.copyOf(recipients);
        if (dsn != null && dsn.recipients().size() != recipients.size()) {
            throw new IllegalArgumentException("dsn.recipients must match recipients one to one");
        }
    }

    /** A record of a body that was durable before the record was written. */
    public MessageAccepted(int v, String queueId, String sender, List<String> recipients, String spoolRef,
            long size, Instant acceptedAt, String clientAddress, String heloName, Dsn dsn, Esmtp esmtp,
            String authenticatedUser) {
        this(v, queueId, sender, recipients, spoolRef, size, acceptedAt, clientAddress, heloName, dsn, esmtp,
                authenticatedUser, null);
    }

    /** A record of an unauthenticated session. */
    public MessageAccepted(int v, String queueId, String sender, List<String> recipients, String spoolRef,
            long size, Instant acceptedAt, String clientAddress, String heloName, Dsn dsn, Esmtp esmtp) {
        this(v, queueId, sender, recipients, spoolRef, size, acceptedAt, clientAddress, heloName, dsn, esmtp, null,
                null);
    }

    /** A record without DSN or other ESMTP parameters, as before they existed. */
    public MessageAccepted(int v, String queueId, String sender, List<String> recipients, String spoolRef,
            long size, Instant acceptedAt, String clientAddress, String heloName) {
        this(v, queueId, sender, recipients, spoolRef, size, acceptedAt, clientAddress, heloName, null, null, null,
                null);
    }

    /**
     * Delivery status notification requests (RFC 3461 section 4).
     *
     * @param ret {@code FULL} or {@code HDRS}, or null when not given
     * @param envid the envelope id, xtext-decoded, or null when not given
     * @param recipients per recipient, in the order of {@link MessageAccepted#recipients()}
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Dsn(String ret, String envid, List<Recipient> recipients) {

        public Dsn {
            recipients = List.copyOf(recipients);
        }

        /**
         * @param notifyOn the NOTIFY parameter (JSON {@code notify}): {@code NEVER}, or some of {@code SUCCESS}, {@code FAILURE}, {@code DELAY}; empty when not given
         * @param orcpt the original recipient as {@code type;address}, xtext-decoded, or null when not given
         */
        @JsonInclude(JsonInclude.Include.NON_EMPTY)
        public record Recipient(@JsonProperty("notify") List<String> notifyOn, String orcpt) {

            public Recipient {
                notifyOn = notifyOn == null ? List.of() : List.copyOf(notifyOn);
            }
        }
    }

    /**
     * MAIL parameters besides DSN that later hops must honour; a false flag is left out of the JSON
     * and read back as false.
     *
     * @param body {@code 7BIT} or {@code 8BITMIME} (RFC 6152), or null when not given
     * @param smtpUtf8 the message needs SMTPUTF8 (RFC 6531) on every later hop
     * @param requireTls REQUIRETLS (RFC 8689): later hops must use validated TLS
     */
    @JsonInclude(JsonInclude.Include.NON_DEFAULT)
    public record Esmtp(String body, @JsonSetter(nulls = Nulls.AS_EMPTY) boolean smtpUtf8,
            @JsonSetter(nulls = Nulls.AS_EMPTY) boolean requireTls) {
    }
}
