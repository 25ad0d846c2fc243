package org.paperpath.pop3.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What every {@link MailboxStore} must do for POP3. An implementation's test provides a store in
 * which {@code alice@example.test} holds exactly {@link #ALICE_MESSAGES}, oldest first, and
 * {@code nobody@example.test} has no mail at all.
 */
public interface MailboxStoreContract {

    /** The stored (LF) contents of alice's messages, oldest first. */
    List<String> ALICE_MESSAGES = List.of("Subject: one\n\nfirst\n", "Subject: two\n\nsecond\nline\n");

    MailboxStore store() throws IOException;

    @Test
    default void listsMessagesOldestFirstWithCrlfSizesAndDistinctUids() throws IOException {
        List<MailboxMessage> messages = store().open("example.test", "alice").list();

        assertThat(messages).hasSize(ALICE_MESSAGES.size());
        for (int i = 0; i < messages.size(); i++) {
            String stored = ALICE_MESSAGES.get(i);
            assertThat(messages.get(i).size()).isEqualTo(stored.length() + stored.chars().filter(c -> c == '\n').count());
        }
        assertThat(messages).extracting(MailboxMessage::uid).doesNotHaveDuplicates()
                .allSatisfy(uid -> assertThat(uid).hasSizeBetween(1, 70).matches("[\\x21-\\x7e]+"));
    }

    @Test
    default void uidsAreTheSameInEverySession() throws IOException {
        assertThat(store().open("example.test", "alice").list())
                .isEqualTo(store().open("example.test", "alice").list());
    }

    @Test
    default void opensAMessageAsStored() throws IOException {
        Mailbox mailbox = store().open("example.test", "alice");
        MailboxMessage second = mailbox.list().get(1);
        try (InputStream in = mailbox.open(second)) {
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo(ALICE_MESSAGES.get(1));
        }
    }

    @Test
    default void deletesOnceThenReportsGone() throws IOException {
        Mailbox mailbox = store().open("example.test", "alice");
        MailboxMessage first = mailbox.list().get(0);

        assertThat(mailbox.delete(first)).isTrue();
        assertThat(mailbox.delete(first)).isFalse();
        assertThat(store().open("example.test", "alice").list()).hasSize(ALICE_MESSAGES.size() - 1);
    }

    @Test
    default void aMailboxWithoutMailIsEmpty() throws IOException {
        assertThat(store().open("example.test", "nobody").list()).isEmpty();
    }

    @Test
    default void aNameThatWouldEscapeTheMailRootIsRefused() {
        assertThatThrownBy(() -> store().open("example.test", "../alice")).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> store().open("..", "alice")).isInstanceOf(IOException.class);
    }
}
