package org.paperpath.smtp.protocol;

import java.util.List;
import java.util.Optional;
import org.paperpath.model.MailAddress;
import org.paperpath.smtp.queue.MailParameters;
import org.paperpath.smtp.queue.RcptParameters;

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

    /**
     * @param sender empty for the null reverse-path {@code <>}
     * @param authParameter the AUTH parameter (RFC 4954 section 5), xtext-decoded: {@code <>} or an
     *     address; checked for syntax only, never trusted, and not part of the envelope
     */
    record Mail(Optional<MailAddress> sender, MailParameters parameters, Optional<String> authParameter)
            implements SmtpCommand {

        /** A MAIL without an AUTH parameter. */
        public Mail(Optional<MailAddress> sender, MailParameters parameters) {
            this(sender, parameters, Optional.empty());
        }

        public String verb() {
            return "MAIL";
        }
    }

    /** @param recipient empty for the bare {@code <Postmaster>} of RFC 5321 section 4.5.1 */
    record Rcpt(Optional<MailAddress> recipient, RcptParameters parameters) implements SmtpCommand {
        public Rcpt(MailAddress recipient) {
            this(Optional.of(recipient), RcptParameters.NONE);
        }

        public String verb() {
            return "RCPT";
        }
    }

    /** A chunk of message content (RFC 3030 section 2): {@code size} octets follow the command line. */
    record Bdat(long size, boolean last) implements SmtpCommand {
        public String verb() {
            return "BDAT";
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

    /** RFC 5321 section 4.1.1.8: {@code HELP [argument]}; the argument is ignored. */
    record Help(String argument) implements SmtpCommand {
        public String verb() {
            return "HELP";
        }
    }

    /**
     * A verb we recognize but do not implement (RFC 5321 section 4.2.4): EXPN or ETRN.
     *
     * @param verb upper case, one of {@link #NOT_IMPLEMENTED}
     */
    record NotImplemented(String verb) implements SmtpCommand {
    }

    /** RFC 3207: switch this connection to TLS. */
    record StartTls() implements SmtpCommand {
        public String verb() {
            return "STARTTLS";
        }
    }

    /**
     * RFC 4954 section 4: {@code AUTH mechanism [initial-response]}.
     *
     * @param mechanism upper case
     * @param initialResponse still base64, {@code =} for an empty one
     */
    record Auth(String mechanism, Optional<String> initialResponse) implements SmtpCommand {
        public String verb() {
            return "AUTH";
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
    List<String> VERBS = List.of("HELO", "EHLO", "MAIL", "RCPT", "DATA", "BDAT", "RSET", "NOOP", "QUIT", "VRFY",
            "STARTTLS", "AUTH", "HELP", "EXPN", "ETRN");

    /** Verbs the parser knows but the server does not implement: {@code 502 5.5.1}. */
    List<String> NOT_IMPLEMENTED = List.of("EXPN", "ETRN");
}
