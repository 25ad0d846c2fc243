package org.paperpath.pop3.protocol;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.paperpath.pop3.store.Mailbox;
import org.paperpath.pop3.store.MailboxMessage;

/**
 * The snapshot of a mailbox taken at login, with the messages the client marked deleted (RFC 1939
 * section 5). Message numbers are 1-based and never change during the session; a marked message is
 * invisible to every command until RSET.
 */
public final class Maildrop {

    private final Mailbox mailbox;
    private final List<MailboxMessage> messages;
    private final BitSet deleted = new BitSet();

    public Maildrop(Mailbox mailbox, List<MailboxMessage> messages) {
        this.mailbox = mailbox;
        this.messages = List.copyOf(messages);
    }

    /** The number of messages in the snapshot, deleted ones included: the highest message number. */
    public int highestNumber() {
        return messages.size();
    }

    public int visibleCount() {
        return messages.size() - deleted.cardinality();
    }

    public long visibleOctets() {
        long octets = 0;
        for (int i = 0; i < messages.size(); i++) {
            if (!deleted.get(i)) {
                octets += messages.get(i).size();
            }
        }
        return octets;
    }

    /** The message numbered {@code number}, unless it does not exist or is marked deleted. */
    public Optional<MailboxMessage> visible(int number) {
        if (number < 1 || number > messages.size() || deleted.get(number - 1)) {
            return Optional.empty();
        }
        return Optional.of(messages.get(number - 1));
    }

    /**
     * A scan listing (RFC 1939 LIST and UIDL): {@code "<number> <value>"} for message {@code number}
     * if it is visible, or for every visible message in number order when {@code number} is empty.
     */
    public List<String> scanListing(Optional<Integer> number, Function<MailboxMessage, Object> value) {
        List<String> lines = new ArrayList<>();
        int from = number.orElse(1);
        int to = number.orElse(highestNumber());
        for (int n = from; n <= to; n++) {
            int current = n;
            visible(n).ifPresent(m -> lines.add(current + " " + value.apply(m)));
        }
        return lines;
    }

    public InputStream open(MailboxMessage message) throws IOException {
        return mailbox.open(message);
    }

    /** Marks a visible message; returns false if it does not exist or is already marked. */
    public boolean markDeleted(int number) {
        if (visible(number).isEmpty()) {
            return false;
        }
        deleted.set(number - 1);
        return true;
    }

    public int markedCount() {
        return deleted.cardinality();
    }

    /** RSET: unmarks every message. */
    public void unmarkAll() {
        deleted.clear();
    }

    /** What applying the deletions did. */
    public record Removal(int removed, int notRemoved) {
    }

    /**
     * UPDATE state: removes every marked message. A message already gone counts as removed (the
     * client wanted it gone and it is); an I/O failure counts as not removed.
     */
    public Removal removeMarked() {
        int removed = 0;
        int failed = 0;
        for (int i = deleted.nextSetBit(0); i >= 0; i = deleted.nextSetBit(i + 1)) {
            try {
                mailbox.delete(messages.get(i));
                removed++;
            } catch (IOException | RuntimeException e) {
                failed++;
            }
        }
        return new Removal(removed, failed);
    }
}
