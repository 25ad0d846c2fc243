package org.paperpath.sendmail;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * Turns the command line and the message read from standard input into a {@link Submission}, with
 * sendmail's header rules: recipients from To/Cc/Bcc under {@code -t} (Resent-To/Cc/Bcc when the
 * message is being resent, RFC 5322 section 3.6.6); Bcc and Resent-Bcc never leave this program;
 * From, Date and Message-ID are added when missing (RFC 5322 section 3.6 requires From and Date).
 */
final class Composer {

    private static final DateTimeFormatter RFC_5322_DATE =
            DateTimeFormatter.ofPattern("EEE, d MMM yyyy HH:mm:ss xx", Locale.ROOT);
    private static final String ATEXT_OR_SPACE = "!#$%&'*+-/=?^_`{|}~ ";

    private final Settings settings;
    private final Clock clock;
    private final Random random;

    Composer(Settings settings, Clock clock, Random random) {
        this.settings = settings;
        this.clock = clock;
        this.random = random;
    }

    Composer(Settings settings) {
        this(settings, Clock.systemDefaultZone(), new SecureRandom());
    }

    Submission compose(SendmailArguments args, List<String> input) throws UsageException, DataException {
        Message message = Message.parse(input);
        Map<String, String> recipients = new LinkedHashMap<>();
        for (String arg : args.recipients()) {
            AddressList.parse(arg).forEach(a -> addRecipient(recipients, a));
        }
        if (args.extractRecipients()) {
            boolean resent = message.has("Resent-To") || message.has("Resent-Cc") || message.has("Resent-Bcc");
            String prefix = resent ? "Resent-" : "";
            for (String field : List.of("To", "Cc", "Bcc")) {
                for (String value : message.values(prefix + field)) {
                    // header bytes were read as ISO-8859-1; an internationalised address is UTF-8 (RFC 6532)
                    String utf8 = new String(value.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8);
                    AddressList.parse(utf8).forEach(a -> addRecipient(recipients, a));
                }
            }
        }
        if (recipients.isEmpty()) {
            if (args.extractRecipients()) {
                throw new DataException("no recipient addresses found in header");
            }
            throw new UsageException("recipient names must be specified (or use -t)");
        }
        String sender = args.sender().map(s -> s.isEmpty() ? s : qualify(s)).orElse(qualify(settings.defaultSender()));

        Message out = message.without("Bcc").without("Resent-Bcc");
        if (!out.has("From")) {
            String address = sender.isEmpty() ? qualify(settings.defaultSender()) : sender;
            out = out.with(HeaderField.of("From", args.fullName()
                    .map(name -> displayName(name) + " <" + address + ">").orElse(address)));
        }
        ZonedDateTime now = ZonedDateTime.now(clock);
        if (!out.has("Date")) {
            out = out.with(HeaderField.of("Date", RFC_5322_DATE.format(now)));
        }
        if (!out.has("Message-ID")) {
            out = out.with(HeaderField.of("Message-ID", messageId(now)));
        }
        return new Submission(sender, List.copyOf(recipients.values()), out.lines());
    }

    private void addRecipient(Map<String, String> recipients, String address) {
        String qualified = qualify(address);
        recipients.putIfAbsent(qualified.toLowerCase(Locale.ROOT), qualified);
    }

    /** A bare local part ({@code root}) is qualified with this host's name, as sendmail does. */
    private String qualify(String address) {
        return address.contains("@") ? address : address + "@" + settings.hostname();
    }

    private String messageId(ZonedDateTime now) {
        byte[] unique = new byte[9];
        random.nextBytes(unique);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(unique);
        return "<" + now.toInstant().toEpochMilli() + "." + token + "@" + settings.hostname() + ">";
    }

    /** RFC 2047 B-encoded words of at most 75 characters each, never splitting a character. */
    private static String encodedWords(String name) {
        StringBuilder words = new StringBuilder();
        StringBuilder chunk = new StringBuilder();
        for (int i = 0; i < name.length(); ) {
            int codePoint = name.codePointAt(i);
            String next = new String(Character.toChars(codePoint));
            if ((chunk + next).getBytes(StandardCharsets.UTF_8).length > 45) {
                appendWord(words, chunk);
            }
            chunk.append(next);
            i += Character.charCount(codePoint);
        }
        appendWord(words, chunk);
        return words.toString();
    }

    private static void appendWord(StringBuilder words, StringBuilder chunk) {
        if (words.length() > 0) {
            words.append(' ');
        }
        words.append("=?UTF-8?B?").append(Base64.getEncoder().encodeToString(chunk.toString().getBytes(StandardCharsets.UTF_8)))
                .append("?=");
        chunk.setLength(0);
    }

    /** A phrase as RFC 5322 section 3.2.5 allows it: atoms, a quoted string, or an RFC 2047 encoded word. */
    static String displayName(String name) {
        boolean ascii = name.chars().allMatch(c -> c >= 0x20 && c < 0x7f);
        if (!ascii) {
            return encodedWords(name);
        }
        boolean atoms = !name.isBlank() && name.chars().allMatch(c -> Character.isLetterOrDigit(c) || ATEXT_OR_SPACE.indexOf(c) >= 0);
        if (atoms) {
            return name;
        }
        return "\"" + name.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
