package org.paperpath.maildir;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Dovecot and Paperpath share the {@code subscriptions} file of a Maildir++ root: what a real
 * Dovecot subscribed, {@link Subscriptions} reads; what Paperpath subscribes, Dovecot's LSUB shows;
 * and a change by Paperpath keeps every line Dovecot wrote, also names Paperpath would not accept
 * for a folder a client creates (Dovecot allows a trailing space, a backslash, {@code *}), which it
 * reads as names found on disk. Skipped, with the reason shown, where Dovecot is not installed.
 */
@ExtendWith(PeerInstalled.Dovecot.class)
class DovecotSubscriptionsIT {

    @TempDir
    Path work;

    private Path mail;

    @BeforeEach
    void setUp() {
        mail = work.resolve("mail");
    }

    @Test
    void subscriptionsSurviveAChangeByTheOtherSideWhateverTheirNames() throws Exception {
        ImapAnswer subscribed = new DovecotImapProcess(work, mail).converse(new ImapScript()
                .command("c1", "CREATE " + ImapScript.quoted("Entw&APw-rfe"))
                .command("c2", "CREATE " + ImapScript.quoted("Trail "))
                .command("c3", "CREATE " + ImapScript.quoted("Back\\slash*"))
                .command("c4", "CREATE " + ImapScript.quoted("Projekte.2026"))
                .command("s1", "SUBSCRIBE " + ImapScript.quoted("Entw&APw-rfe"))
                .command("s2", "SUBSCRIBE " + ImapScript.quoted("Trail "))
                .command("s3", "SUBSCRIBE " + ImapScript.quoted("Back\\slash*")));
        assertThat(subscribed.failures()).as(subscribed.text()).isEmpty();

        Subscriptions subscriptions = new Subscriptions(mail, "pod-1", Duration.ofSeconds(5));
        assertThat(subscriptions.read()).as("names Dovecot allows are read as names found on disk").contains(
                FolderName.parse("Entw\u00fcrfe", '/'), FolderName.fromDisk(List.of("Trail ")),
                FolderName.fromDisk(List.of("Back\\slash*")));
        assertThat(subscriptions.subscribe(FolderName.parse("Projekte/2026", '/'))).isTrue();
        assertThat(subscriptions.unsubscribe(FolderName.parse("Entw\u00fcrfe", '/'))).isTrue();

        ImapAnswer listed = new DovecotImapProcess(work, mail).converse(new ImapScript()
                .command("l1", "LSUB \"\" \"*\""));
        assertThat(listed.text())
                .contains("* LSUB () \".\" Projekte.2026\r\n")
                .contains("* LSUB () \".\" \"Trail \"\r\n")
                .contains("* LSUB () \".\" \"Back\\\\slash*\"\r\n")
                .doesNotContain("Entw&APw-rfe");
    }
}
