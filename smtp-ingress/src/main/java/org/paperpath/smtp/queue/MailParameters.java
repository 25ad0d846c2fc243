package org.paperpath.smtp.queue;

import java.util.Optional;

/**
 * The ESMTP parameters of a MAIL command, validated.
 *
 * @param declaredSize SIZE (RFC 1870), or -1 when not given; {@link Long#MAX_VALUE} for any larger value
 * @param body BODY (RFC 6152), when given
 * @param smtpUtf8 SMTPUTF8 (RFC 6531): UTF-8 addresses and headers are allowed in this transaction
 * @param ret RET (RFC 3461 section 4.3), when given
 * @param envid ENVID (RFC 3461 section 4.4), xtext-decoded, when given
 * @param requireTls REQUIRETLS (RFC 8689), recorded for later hops
 */
public record MailParameters(long declaredSize, Optional<Body> body, boolean smtpUtf8, Optional<Ret> ret,
        Optional<String> envid, boolean requireTls) {

    /** No parameters at all, as after HELO or a plain {@code MAIL FROM:<...>}. */
    public static final MailParameters NONE =
            new MailParameters(-1, Optional.empty(), false, Optional.empty(), Optional.empty(), false);

    /** RFC 6152 body types; BINARYMIME is not offered. */
    public enum Body {
        SEVEN_BIT("7BIT"), EIGHT_BIT_MIME("8BITMIME");

        private final String keyword;

        Body(String keyword) {
            this.keyword = keyword;
        }

        public String keyword() {
            return keyword;
        }
    }

    /** What a DSN returns of the message (RFC 3461 section 4.3). */
    public enum Ret {
        FULL, HDRS
    }
}
