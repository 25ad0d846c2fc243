package org.paperpath.smtp.protocol;

import java.util.List;
import java.util.Optional;
import org.paperpath.model.MailAddress;

/** A parsed SMTP command line (RFC 5321 section 4.1.1). Built only by {@link SmtpCommandParser}. */
public sealed interface SmtpCommand {

    /** The verb as a metric tag: upper case, one of a fixed set. */
    String verb();

    record Helo(String domain) implements SmtpCommand {
        public String verb() {
            return "HELO";
        }
    }

    record Ehlo(String domain) implements SmtpCommand {
        public String verb() {
            return "EHLO";
        }
    }

    /** @param sender empty for the null reverse-path {@code <>}; @param declaredSize the SIZE parameter, or -1 */
    record Mail(Optional<MailAddress> sender, long declaredSize) implements SmtpCommand {
        public String verb() {
            return "MAIL";
        }
    }

    record Rcpt(MailAddress recipient) implements SmtpCommand {
        public String verb() {
            return "RCPT";
        }
    }

    record Data() implements SmtpCommand {
        public String verb() {
            return "DATA";
        }
    }

    record Rset() implements SmtpCommand {
        public String verb() {
            return "RSET";
        }
    }

    record Noop() implements SmtpCommand {
        public String verb() {
            return "NOOP";
        }
    }

    record Quit() implements SmtpCommand {
        public String verb() {
            return "QUIT";
        }
    }

    record Vrfy(String argument) implements SmtpCommand {
        public String verb() {
            return "VRFY";
        }
    }

    /** A verb we do not know. */
    record Unknown(String text) implements SmtpCommand {
        public String verb() {
            return "UNKNOWN";
        }
    }

    /** A known verb whose arguments do not parse; {@code reply} says why. */
    record Malformed(String verb, SmtpReply reply) implements SmtpCommand {
    }

    /** Verbs the parser knows, for metric tags. */
    List<String> VERBS = List.of("HELO", "EHLO", "MAIL", "RCPT", "DATA", "RSET", "NOOP", "QUIT", "VRFY");
}
