package org.paperpath.maildir;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Folders a real Dovecot created with names Paperpath would not create ({@code "Trail "} with a
 * trailing space, {@code "Back\slash"}) do not vanish when Paperpath takes over (issue 3): they are
 * listed, their messages scanned with Dovecot's UIDs, a parent is renamed with such a child, and
 * Dovecot finds everything where Paperpath left it. Flags follow Dovecot's mapping: a
 * {@code $Forwarded} Paperpath sets is a keyword letter Dovecot shows, and a {@code P} another
 * writer left is kept but shown by neither as {@code $Forwarded}. Skipped, with the reason shown,
 * where Dovecot is not installed.
 */
@ExtendWith(PeerInstalled.Dovecot.class)
class DovecotForeignFolderNamesIT {

    private static final FolderName TRAIL = FolderName.fromDisk(List.of("Trail "));
    private static final FolderName BACKSLASH = FolderName.fromDisk(List.of("Back\\slash"));
    private static final FolderName PARENT_TRAIL = FolderName.fromDisk(List.of("Parent", "Trail "));
    private static final FolderName RENAMED_TRAIL = FolderName.fromDisk(List.of("Renamed", "Trail "));
    private static final String PASSED_MESSAGE = ImapScript.message("passed on");
    private static final String PASSED_BASE = "1700000000.M1P1.other,S="
            + PASSED_MESSAGE.getBytes(StandardCharsets.UTF_8).length;

    @TempDir
    Path work;

    private Path mail;

    @BeforeEach
    void setUp() {
        mail = work.resolve("mail");
    }

    @Test
    void foldersDovecotNamedWithATrailingSpaceOrABackslashAreListedScannedAndRenamedWithTheirParent()
            throws Exception {
        ImapAnswer written = dovecot(new ImapScript()
                .command("c1", "CREATE " + ImapScript.quoted("Trail "))
                .command("c2", "CREATE " + ImapScript.quoted("Back\\slash"))
                .command("c3", "CREATE Parent")
                .command("c4", "CREATE " + ImapScript.quoted("Parent.Trail "))
                .append("p1", "Trail ", "\\Seen", ImapScript.message("trailing"))
                .append("p2", "Trail ", "", ImapScript.message("to forward"))
                .append("p3", "Back\\slash", "\\Flagged", ImapScript.message("backslashed"))
                .append("p4", "Parent.Trail ", "", ImapScript.message("nested")));
        assertThat(written.failures()).as(written.text()).isEmpty();
        assertThat(mail.resolve(".Trail ")).isDirectory();
        assertThat(mail.resolve(".Back\\slash")).isDirectory();
        Path passed = mail.resolve(".Back\\slash").resolve("cur").resolve(PASSED_BASE + ":2,P");
        Files.writeString(passed, PASSED_MESSAGE, StandardCharsets.UTF_8);

        FolderStore store = new FolderStore(mail, FolderNameEncoding.UTF8);
        assertThat(store.list()).extracting(FolderInfo::name)
                .contains(TRAIL, BACKSLASH, PARENT_TRAIL, FolderName.parse("Parent", '/'));
        UidScanner scanner = new UidScanner(mail, "paperpath-test", Duration.ofSeconds(10));
        Map<Long, String> trail = baseNames(scanner.scan(store.existing(TRAIL).orElseThrow()));
        Map<Long, String> backslash = baseNames(scanner.scan(store.existing(BACKSLASH).orElseThrow()));
        Map<Long, String> nested = baseNames(scanner.scan(store.existing(PARENT_TRAIL).orElseThrow()));
        assertThat(trail).hasSize(2);
        assertThat(backslash).hasSize(2).containsValue(PASSED_BASE);
        assertThat(nested).hasSize(1);

        Path trailDir = store.existing(TRAIL).orElseThrow();
        char forwarded = FlagUpdater.letterFor(trailDir, "$Forwarded", "paperpath-test", Duration.ofSeconds(5))
                .orElseThrow();
        FlagUpdater.update(trailDir, trail.get(2L), f -> f.with(forwarded));
        assertThat(store.rename(FolderName.parse("Parent", '/'), FolderName.parse("Renamed", '/')))
                .isInstanceOf(FolderOutcome.Done.class);
        assertThat(store.existing(RENAMED_TRAIL)).isPresent();

        ImapAnswer read = dovecot(new ImapScript()
                .command("l1", "LIST \"\" \"*\"")
                .command("e1", "EXAMINE " + ImapScript.quoted("Trail "))
                .command("f1", "UID FETCH 1:* (FLAGS BODY.PEEK[HEADER.FIELDS (SUBJECT)])")
                .command("e2", "EXAMINE " + ImapScript.quoted("Back\\slash"))
                .command("f2", "UID FETCH 1:* (FLAGS BODY.PEEK[HEADER.FIELDS (SUBJECT)])")
                .command("e3", "EXAMINE " + ImapScript.quoted("Renamed.Trail "))
                .command("f3", "UID FETCH 1:* (FLAGS BODY.PEEK[HEADER.FIELDS (SUBJECT)])"));
        assertThat(read.failures()).as(read.text()).isEmpty();
        assertThat(read.list()).containsKeys("Trail ", "Back\\slash", "Renamed", "Renamed.Trail ")
                .doesNotContainKeys("Parent", "Parent.Trail ");
        assertThat(read.uidSubjects("f1")).as("Dovecot's UIDs are Paperpath's").containsOnlyKeys(trail.keySet())
                .containsValues("trailing", "to forward");
        assertThat(read.uidFlags("f1")).isEqualTo(Map.of(1L, Set.of("\\Seen"), 2L, Set.of("$Forwarded")));
        assertThat(read.uidSubjects("f2")).containsOnlyKeys(backslash.keySet()).containsValues("backslashed", "passed on");
        long passedUid = uidOf(backslash, PASSED_BASE);
        assertThat(read.uidFlags("f2").get(passedUid)).as("Dovecot shows nothing for P, least of all $Forwarded").isEmpty();
        assertThat(read.uidSubjects("f3")).containsOnlyKeys(nested.keySet()).containsValues("nested");

        ImapAnswer seen = dovecot(new ImapScript()
                .command("s1", "SELECT " + ImapScript.quoted("Back\\slash"))
                .command("s2", "UID STORE " + passedUid + " +FLAGS (\\Seen)"));
        assertThat(seen.failures()).as(seen.text()).isEmpty();
        Path now = FlagUpdater.find(store.existing(BACKSLASH).orElseThrow(), PASSED_BASE).orElseThrow();
        assertThat(MessageFlags.ofFileName(now.getFileName().toString()))
                .as("Dovecot keeps the P it does not show, as Paperpath does").isEqualTo(MessageFlags.of("PS"));
    }

    private ImapAnswer dovecot(ImapScript script) throws IOException, InterruptedException {
        return new DovecotImapProcess(work, mail).converse(script);
    }

    private static Map<Long, String> baseNames(ScanOutcome outcome) {
        Map<Long, String> out = new LinkedHashMap<>();
        for (UidMessage m : ((ScanOutcome.Scanned) outcome).messages()) {
            out.put(m.uid(), m.baseName());
        }
        return out;
    }

    private static long uidOf(Map<Long, String> baseNames, String baseName) {
        return baseNames.entrySet().stream().filter(e -> e.getValue().equals(baseName)).findFirst().orElseThrow().getKey();
    }
}
