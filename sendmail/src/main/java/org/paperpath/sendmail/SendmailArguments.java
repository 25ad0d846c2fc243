package org.paperpath.sendmail;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The sendmail command line, parsed once: the options programs actually pass to
 * {@code /usr/sbin/sendmail}, with the historic spellings ({@code -fuser} and {@code -f user},
 * {@code -oi}, {@code -odb}, {@code -oem}). Options that only change how a real sendmail queues or
 * reports are accepted and ignored, as sendmail ignores unknown {@code -o} options; modes this
 * program does not provide ({@code -bs}, {@code -bp}, {@code -q}, ...) are usage errors.
 *
 * @param sender       {@code -f}/{@code -r}: the envelope sender; empty string for the null sender {@code <>}
 * @param fullName     {@code -F}: the sender's full name, used only when the message has no From header
 * @param extractRecipients {@code -t}: recipients also come from To, Cc and Bcc
 * @param ignoreDots   {@code -i}/{@code -oi}: a line with a single dot does not end the message
 * @param verbose      {@code -v}: print the SMTP conversation on standard error
 * @param recipients   the addresses given as arguments, in order
 */
record SendmailArguments(Optional<String> sender, Optional<String> fullName, boolean extractRecipients,
                         boolean ignoreDots, boolean verbose, List<String> recipients) {

    SendmailArguments {
        recipients = List.copyOf(recipients);
    }

    /** Options of real sendmail that take an argument and change nothing here. */
    private static final String IGNORED_WITH_ARGUMENT = "BCNRVXhLO";

    static SendmailArguments parse(List<String> args) throws UsageException {
        Optional<String> sender = Optional.empty();
        Optional<String> fullName = Optional.empty();
        boolean extract = false;
        boolean ignoreDots = false;
        boolean verbose = false;
        List<String> recipients = new ArrayList<>();
        int i = 0;
        while (i < args.size()) {
            String arg = args.get(i++);
            if (arg.equals("--")) {
                break;
            }
            if (!arg.startsWith("-") || arg.length() == 1) {
                recipients.add(arg);
                continue;
            }
            char option = arg.charAt(1);
            String attached = arg.substring(2);
            switch (option) {
                case 'f', 'r' -> {
                    String value = attached.isEmpty() ? next(args, i++, option) : attached;
                    sender = Optional.of(unbracket(value));
                }
                case 'F' -> fullName = Optional.of(attached.isEmpty() ? next(args, i++, option) : attached);
                case 't', 'i', 'v' -> {
                    // getopt lets flags share one dash: -ti is -t -i.
                    for (char flag : arg.substring(1).toCharArray()) {
                        if (flag == 't') {
                            extract = true;
                        } else if (flag == 'i') {
                            ignoreDots = true;
                        } else if (flag == 'v') {
                            verbose = true;
                        } else {
                            throw new UsageException("unknown option " + arg);
                        }
                    }
                }
                case 'o' -> {
                    // -oi is the old spelling of -i; every other -o option (-odb, -oem, -oQ/var/spool, ...)
                    // tunes a local queue this program does not have.
                    if (attached.equals("i")) {
                        ignoreDots = true;
                    }
                }
                case 'e', 'd' -> {
                    // -em/-ep/-eq (error reporting) and -d (debugging): nothing to do.
                }
                case 'b' -> {
                    if (!attached.equals("m")) {
                        throw new UsageException("-b" + attached + " is not supported: only -bm (deliver mail) is");
                    }
                }
                default -> {
                    if (IGNORED_WITH_ARGUMENT.indexOf(option) < 0) {
                        throw new UsageException("unknown option " + arg);
                    }
                    if (attached.isEmpty()) {
                        next(args, i++, option);
                    }
                }
            }
        }
        recipients.addAll(args.subList(Math.min(i, args.size()), args.size()));
        return new SendmailArguments(sender, fullName, extract, ignoreDots, verbose, recipients);
    }

    private static String next(List<String> args, int index, char option) throws UsageException {
        if (index >= args.size()) {
            throw new UsageException("option -" + option + " requires an argument");
        }
        return args.get(index);
    }

    /** {@code -f '<bob@example.org>'} and {@code -f '<>'} are common in scripts. */
    private static String unbracket(String value) {
        String trimmed = value.trim();
        if (trimmed.startsWith("<") && trimmed.endsWith(">")) {
            return trimmed.substring(1, trimmed.length() - 1).trim();
        }
        return trimmed;
    }
}
