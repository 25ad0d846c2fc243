package org.paperpath.smtp.queue;

import java.util.Optional;
import java.util.Set;

/**
 * The ESMTP parameters of a RCPT command, validated (RFC 3461 sections 4.1 and 4.2).
 *
 * @param notifyOn NOTIFY: {@code NEVER} alone, or some of SUCCESS, FAILURE, DELAY; empty when not given
 * @param orcpt ORCPT as {@code addr-type;address}, xtext-decoded, when given
 */
public record RcptParameters(Set<Notify> notifyOn, Optional<String> orcpt) {

    public static final RcptParameters NONE = new RcptParameters(Set.of(), Optional.empty());

    public RcptParameters {
        notifyOn = Set.copyOf(notifyOn);
    }

    /** When the sender wants a DSN for this recipient. */
    public enum Notify {
        NEVER, SUCCESS, FAILURE, DELAY
    }
}
