package org.paperpath.sendmail;

import java.io.IOException;
import java.util.List;

/** How a submission ended; {@link Sendmail} maps each to an exit status. */
sealed interface SmtpOutcome {

    /** The ingress answered 250 to the end of data: the message is queued. */
    record Accepted(SmtpReply reply) implements SmtpOutcome {
    }

    /** The ingress said no; nothing was queued. Each refusal names the command it answered. */
    record Refused(List<Refusal> refusals) implements SmtpOutcome {
        public Refused {
            refusals = List.copyOf(refusals);
        }

        boolean permanent() {
            return refusals.stream().anyMatch(r -> r.reply().permanent());
        }
    }

    /** No connection could be made (refused, unreachable, timed out). */
    record Unreachable(String where, IOException cause) implements SmtpOutcome {
    }

    /** The connection broke or fell silent before the final reply; the message was not accepted. */
    record Broken(String during, IOException cause) implements SmtpOutcome {
    }

    /** One negative reply and the command that drew it. */
    record Refusal(String command, SmtpReply reply) {
    }
}
