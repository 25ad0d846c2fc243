package org.paperpath.pop3.store;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.paperpath.maildir.MailboxHome;
import org.paperpath.maildir.Maildir;
import org.paperpath.maildir.MaildirMessage;

/**
 * {@link MailboxStore} over {@code libs/maildir}: the INBOX at {@code <mailRoot>/<domain>/<local>}.
 * The unique-id is the Maildir unique name (the file name before {@code :2,}), which survives the
 * move from new/ to cur/ and flag changes by IMAP clients; names RFC 1939 does not allow as a
 * unique-id are hashed ({@link UniqueIds}). A delete at QUIT appends its negative delta to the
 * mailbox's Maildir++ {@code maildirsize} ({@link Maildir#delete}), so the quota frees up at once.
 *
 * <p>At login the Maildir is found through {@link MailboxHome} with the incarnation id account-service
 * told: a Maildir left by a deleted mailbox of the same address is moved aside to
 * {@code <mailRoot>/.deleted/} (kept for an operator), so a mailbox created again sees an empty
 * maildrop even before its first delivery.
 */
public final class MaildirMailboxStore implements MailboxStore {

    private final MailboxHome home;
    private final String hostname;

    public MaildirMailboxStore(Path mailRoot, String hostname) {
        this.home = new MailboxHome(mailRoot, hostname);
        this.hostname = hostname;
    }

    @Override
    public Mailbox open(String domain, String localPart) throws IOException {
        return open(domain, localPart, null);
    }

    @Override
    public Mailbox open(String domain, String localPart, String mailboxId) throws IOException {
        Path root;
        try {
            root = home.claim(domain, localPart, mailboxId);
        } catch (IllegalArgumentException e) {
            throw new IOException("no valid mailbox path for " + localPart + "@" + domain, e);
        }
        return new MaildirMailbox(Maildir.open(root, hostname));
    }

    /** One opened Maildir; remembers the listing so messages map back to their files. */
    private static final class MaildirMailbox implements Mailbox {

        private final Maildir maildir;
        private final Map<String, MaildirMessage> listed = new HashMap<>();

        MaildirMailbox(Maildir maildir) {
            this.maildir = maildir;
        }

        @Override
        public List<MailboxMessage> list() throws IOException {
            List<MailboxMessage> messages = new ArrayList<>();
            listed.clear();
            for (MaildirMessage message : maildir.list()) {
                // Two files with one unique name break the Maildir spec; show the first only.
                String uid = UniqueIds.of(message.uniqueName());
                if (listed.putIfAbsent(uid, message) == null) {
                    messages.add(new MailboxMessage(uid, message.crlfSize()));
                }
            }
            return messages;
        }

        @Override
        public InputStream open(MailboxMessage message) throws IOException {
            return maildir.open(find(message));
        }

        @Override
        public boolean delete(MailboxMessage message) throws IOException {
            return maildir.delete(find(message));
        }

        private MaildirMessage find(MailboxMessage message) throws NoSuchFileException {
            MaildirMessage found = listed.get(message.uid());
            if (found == null) {
                throw new NoSuchFileException(message.uid());
            }
            return found;
        }
    }
}
