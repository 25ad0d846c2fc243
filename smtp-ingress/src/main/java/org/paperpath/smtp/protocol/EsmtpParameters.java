package org.paperpath.smtp.protocol;

import java.util.EnumSet;
import java.util.HashSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.paperpath.model.InvalidAddressException;
import org.paperpath.model.MailAddress;
import org.paperpath.smtp.queue.MailParameters;
import org.paperpath.smtp.queue.RcptParameters;

/**
 * Parses the {@code esmtp-param}s after a MAIL or RCPT path (RFC 5321 section 4.1.2): SIZE (RFC 1870),
 * BODY (RFC 6152), SMTPUTF8 (RFC 6531), RET, ENVID, NOTIFY, ORCPT (RFC 3461), REQUIRETLS (RFC 8689),
 * and MAIL's AUTH (RFC 4954 section 5), which {@link #mailAuth} reads apart because it is not part of
 * the envelope. An unknown keyword is {@code 555 5.5.4}; a known one with a bad value, or given twice,
 * {@code 501 5.5.4}.
 */
final class EsmtpParameters {

    /** RFC 3461 section 4.4: an ENVID is at most 100 characters. */
    private static final int MAX_ENVID = 100;
    /** RFC 3461 section 4.2: an ORCPT is at most 500 characters. */
    private static final int MAX_ORCPT = 500;
    /** An AUTH parameter's xtext: an address of at most 254 octets, some of them {@code +XX} escapes. */
    private static final int MAX_AUTH = 500;
    /** RFC 1870 section 3: {@code size-value ::= 1*20DIGIT}. */
    private static final int MAX_SIZE_DIGITS = 20;

    /** A parameter that cannot be accepted; {@code reply} says why. */
    static final class Refused extends Exception {
        private static final long serialVersionUID = 1L;
        final transient SmtpReply reply;

        Refused(SmtpReply reply) {
            super(reply.lines().get(0), null, false, false);
            this.reply = reply;
        }
    }

    private EsmtpParameters() {
    }

    /**
     * The AUTH parameter of MAIL (RFC 4954 section 5), xtext-decoded: {@code <>} or an addr-spec, when
     * given. It is only checked, never trusted: whether it may be given at all is the session's to
     * decide (it is an unknown parameter where AUTH is not offered), and nothing is recorded of it.
     */
    static Optional<String> mailAuth(String text) throws Refused {
        for (String parameter : split(text)) {
            int equals = parameter.indexOf('=');
            String keyword = equals < 0 ? parameter : parameter.substring(0, equals);
            if (keyword.equalsIgnoreCase("AUTH")) {
                return Optional.of(authValue(value(parameter)));
            }
        }
        return Optional.empty();
    }

    static MailParameters mail(String text) throws Refused {
        long size = -1;
        Optional<MailParameters.Body> body = Optional.empty();
        boolean smtpUtf8 = false;
        Optional<MailParameters.Ret> ret = Optional.empty();
        Optional<String> envid = Optional.empty();
        boolean requireTls = false;
        Set<String> seen = new HashSet<>();
        for (String parameter : split(text)) {
            String keyword = keyword(parameter, seen);
            String value = value(parameter);
            switch (keyword) {
                case "SIZE":
                    size = size(value);
                    break;
                case "BODY":
                    body = Optional.of(body(value));
                    break;
                case "SMTPUTF8":
                    smtpUtf8 = flag(keyword, value);
                    break;
                case "RET":
                    ret = Optional.of(ret(value));
                    break;
                case "ENVID":
                    envid = Optional.of(xtext(keyword, value, MAX_ENVID));
                    break;
                case "REQUIRETLS":
                    requireTls = flag(keyword, value);
                    break;
                case "AUTH":
                    authValue(value);
                    break;
                default:
                    throw unsupported(parameter);
            }
        }
        return new MailParameters(size, body, smtpUtf8, ret, envid, requireTls);
    }

    static RcptParameters rcpt(String text) throws Refused {
        Set<RcptParameters.Notify> notify = Set.of();
        Optional<String> orcpt = Optional.empty();
        Set<String> seen = new HashSet<>();
        for (String parameter : split(text)) {
            String keyword = keyword(parameter, seen);
            String value = value(parameter);
            if (keyword.equals("NOTIFY")) {
                notify = notify(value);
            } else if (keyword.equals("ORCPT")) {
                orcpt = Optional.of(orcpt(value));
            } else {
                throw unsupported(parameter);
            }
        }
        return new RcptParameters(notify, orcpt);
    }

    private static String[] split(String text) {
        return text.isEmpty() ? new String[0] : text.split(" +");
    }

    private static String keyword(String parameter, Set<String> seen) throws Refused {
        int equals = parameter.indexOf('=');
        String keyword = (equals < 0 ? parameter : parameter.substring(0, equals)).toUpperCase(Locale.ROOT);
        if (!seen.add(keyword)) {
            throw invalid("5.5.4 Duplicate " + printable(keyword) + " parameter");
        }
        return keyword;
    }

    /** The value after {@code =}, or null for a keyword without one. */
    private static String value(String parameter) {
        int equals = parameter.indexOf('=');
        return equals < 0 ? null : parameter.substring(equals + 1);
    }

    /**
     * RFC 1870 section 3: up to 20 digits, leading zeros allowed. A value past {@link Long#MAX_VALUE}
     * is valid and counts as {@link Long#MAX_VALUE}, over any limit.
     */
    private static long size(String value) throws Refused {
        if (value == null || value.isEmpty() || value.length() > MAX_SIZE_DIGITS
                || !value.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw invalid("5.5.4 Invalid SIZE parameter");
        }
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException tooLarge) {
            return Long.MAX_VALUE;
        }
    }

    /** RFC 4954 section 5: {@code AUTH=} xtext that decodes to {@code <>} or an addr-spec. */
    private static String authValue(String value) throws Refused {
        String decoded = xtext("AUTH", value, MAX_AUTH);
        if (!decoded.equals("<>")) {
            try {
                MailAddress.parse(decoded);
            } catch (InvalidAddressException e) {
                throw invalid("5.5.4 Invalid AUTH parameter");
            }
        }
        return decoded;
    }

    private static MailParameters.Body body(String value) throws Refused {
        String upper = value == null ? "" : value.toUpperCase(Locale.ROOT);
        for (MailParameters.Body body : MailParameters.Body.values()) {
            if (body.keyword().equals(upper)) {
                return body;
            }
        }
        throw new Refused(SmtpReply.of(555, "5.5.4 Unsupported BODY type"));
    }

    private static MailParameters.Ret ret(String value) throws Refused {
        String upper = value == null ? "" : value.toUpperCase(Locale.ROOT);
        if (upper.equals("FULL") || upper.equals("HDRS")) {
            return MailParameters.Ret.valueOf(upper);
        }
        throw invalid("5.5.4 Invalid RET parameter");
    }

    private static boolean flag(String keyword, String value) throws Refused {
        if (value != null) {
            throw invalid("5.5.4 " + keyword + " takes no value");
        }
        return true;
    }

    /** RFC 3461 section 4.1: NEVER alone, or a comma list of SUCCESS, FAILURE, DELAY. */
    private static Set<RcptParameters.Notify> notify(String value) throws Refused {
        if (value == null || value.isEmpty()) {
            throw invalid("5.5.4 Invalid NOTIFY parameter");
        }
        Set<RcptParameters.Notify> notify = EnumSet.noneOf(RcptParameters.Notify.class);
        for (String item : value.toUpperCase(Locale.ROOT).split(",", -1)) {
            try {
                if (!notify.add(RcptParameters.Notify.valueOf(item))) {
                    throw invalid("5.5.4 Invalid NOTIFY parameter");
                }
            } catch (IllegalArgumentException e) {
                throw invalid("5.5.4 Invalid NOTIFY parameter");
            }
        }
        if (notify.contains(RcptParameters.Notify.NEVER) && notify.size() > 1) {
            throw invalid("5.5.4 NOTIFY=NEVER cannot be combined");
        }
        return notify;
    }

    /** RFC 3461 section 4.2: {@code addr-type ";" xtext}; the type is an atom such as rfc822. */
    private static String orcpt(String value) throws Refused {
        int semicolon = value == null ? -1 : value.indexOf(';');
        if (semicolon <= 0 || !value.substring(0, semicolon).chars()
                .allMatch(c -> Character.isLetterOrDigit(c) && c < 128 || c == '-')) {
            throw invalid("5.5.4 Invalid ORCPT parameter");
        }
        return value.substring(0, semicolon).toLowerCase(Locale.ROOT) + ";"
                + xtext("ORCPT", value.substring(semicolon + 1), MAX_ORCPT);
    }

    /** RFC 3461 section 4: printable ASCII but {@code +} and {@code =}, with {@code +XX} hex escapes. */
    private static String xtext(String keyword, String value, int max) throws Refused {
        if (value == null || value.isEmpty() || value.length() > max) {
            throw invalid("5.5.4 Invalid " + keyword + " parameter");
        }
        StringBuilder out = new StringBuilder(value.length());
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '+' && i + 2 < value.length() && isHex(value.charAt(i + 1)) && isHex(value.charAt(i + 2))) {
                c = (char) Integer.parseInt(value.substring(i + 1, i + 3), 16);
                i += 2;
            } else if (c == '+' || c == '=' || c < '!' || c > '~') {
                throw invalid("5.5.4 Invalid " + keyword + " parameter");
            }
            if (c < ' ' || c > '~') {
                throw invalid("5.5.4 Invalid " + keyword + " parameter");
            }
            out.append(c);
        }
        return out.toString();
    }

    private static boolean isHex(char c) {
        return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'F');
    }

    private static Refused unsupported(String parameter) {
        return new Refused(SmtpReply.of(555, "5.5.4 Unsupported parameter " + printable(parameter)));
    }

    private static Refused invalid(String text) {
        return new Refused(SmtpReply.of(501, text));
    }

    /** Echoes client text only as short printable ASCII, so a reply never carries what it should not. */
    private static String printable(String text) {
        String cut = text.length() > 40 ? text.substring(0, 40) : text;
        return cut.chars().allMatch(c -> c > ' ' && c <= '~') ? cut : "(unprintable)";
    }
}
