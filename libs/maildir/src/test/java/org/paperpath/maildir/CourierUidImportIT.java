package org.paperpath.maildir;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Paperpath takes over a mailbox that a real Courier-IMAP served (issue 3, "a Courier
 * courierimapuiddb is imported with UIDs intact"): Courier's deliverquota delivers, imapd assigns
 * UIDs over several sessions with expunges in between (so they are not 1..n, and the file's next
 * UID is above the last one), then libs/maildir's first scan imports {@code courierimapuiddb}:
 * every message keeps Courier's UID, the folder keeps its UIDVALIDITY, and the next delivery gets
 * Courier's next UID. Courier 5 and Paperpath also list the same UTF-8 folders, whoever created
 * them. Skipped, with the reason shown, where the unpacked Courier is absent.
 */
@ExtendWith(PeerInstalled.Courier.class)
class CourierUidImportIT {

    @TempDir
    Path work;

    private final CourierImapProcess courier = CourierImapProcess.located();
    private Path maildir;

    @BeforeEach
    void setUp() throws IOException {
        maildir = Maildir.open(work.resolve("Maildir"), "setup").create().root();
    }

    @Test
    void courierUidsAndUidValiditySurviveTheFirstScanAndTheNextUidFollowsCouriers() throws Exception {
        for (int i = 1; i <= 3; i++) {
            courier.deliver(maildir, ImapScript.message("inbox " + i));
        }
        ImapAnswer first = courier.converse(maildir, new ImapScript()
                .command("a1", "SELECT INBOX")
                .command("a2", "UID FETCH 1:* (FLAGS)")
                .command("a3", "CREATE INBOX.Archiv")
                .append("a4", "INBOX.Archiv", "\\Seen", ImapScript.message("archived 1"))
                .append("a5", "INBOX.Archiv", "", ImapScript.message("archived 2"))
                .command("a6", "SELECT INBOX.Archiv")
                .command("a7", "UID STORE 1 +FLAGS (\\Deleted)")
                .command("a8", "EXPUNGE"));
        assertThat(first.failures()).as(first.text()).isEmpty();
        assertThat(first.uidFlags("a2").keySet()).containsExactly(1L, 2L, 3L);

        courier.deliver(maildir, ImapScript.message("inbox 4"));
        courier.deliver(maildir, ImapScript.message("inbox 5"));
        ImapAnswer second = courier.converse(maildir, new ImapScript()
                .command("b1", "SELECT INBOX")
                .command("b2", "UID STORE 2 +FLAGS (\\Deleted)")
                .command("b3", "UID STORE 1 +FLAGS (\\Seen \\Flagged)")
                .command("b4", "EXPUNGE"));
        assertThat(second.failures()).as(second.text()).isEmpty();

        courier.deliver(maildir, ImapScript.message("inbox 6"));
        ImapAnswer third = courier.converse(maildir, new ImapScript()
                .command("c1", "SELECT INBOX")
                .command("c2", "UID STORE 6 +FLAGS (\\Deleted)")
                .command("c3", "EXPUNGE")
                .command("c4", "UID FETCH 1:* (FLAGS)")
                .command("c5", "SELECT INBOX.Archiv")
                .command("c6", "UID FETCH 1:* (FLAGS)"));
        assertThat(third.failures()).as(third.text()).isEmpty();
        assertThat(third.uidFlags("c4").keySet()).as("Courier's INBOX UIDs").containsExactly(1L, 3L, 4L, 5L);
        assertThat(third.uidFlags("c4").get(1L)).containsExactly("\\Flagged", "\\Seen");
        assertThat(third.uidFlags("c6").keySet()).as("Courier's Archiv UIDs").containsExactly(2L);

        Path archiv = maildir.resolve(".Archiv");
        CourierDb inboxDb = CourierDb.read(maildir);
        CourierDb archivDb = CourierDb.read(archiv);
        assertThat(inboxDb.nextUid()).as("Courier's next UID, above its last message").isEqualTo(7);
        assertThat(inboxDb.uids().keySet()).containsExactly(1L, 3L, 4L, 5L);

        UidScanner scanner = new UidScanner(maildir, "paperpath-test", Duration.ofSeconds(10));
        ScanOutcome.Scanned inbox = (ScanOutcome.Scanned) scanner.scan(maildir);
        ScanOutcome.Scanned archived = (ScanOutcome.Scanned) scanner.scan(archiv);
        assertThat(inbox.uidValidity()).isEqualTo(inboxDb.uidValidity());
        assertThat(archived.uidValidity()).isEqualTo(archivDb.uidValidity());
        assertThat(baseNamesByUid(inbox)).isEqualTo(inboxDb.uids());
        assertThat(baseNamesByUid(archived)).isEqualTo(archivDb.uids());
        assertThat(inbox.nextUid()).isEqualTo(7);
        assertThat(ImapFlagNames.of(maildir, inbox.messages().get(0).path())).containsExactly("\\Flagged", "\\Seen");

        Maildir.open(maildir, "pod-1").deliver("after-courier",
                new ByteArrayInputStream(ImapScript.message("after Courier").getBytes(StandardCharsets.UTF_8)));
        ScanOutcome.Scanned after = (ScanOutcome.Scanned) scanner.scan(maildir);
        assertThat(after.messages()).extracting(UidMessage::uid).containsExactly(1L, 3L, 4L, 5L, 7L);
        assertThat(after.uidValidity()).isEqualTo(inboxDb.uidValidity());
        assertThat(Files.exists(maildir.resolve(UidlistFile.NAME))).isTrue();
    }

    @Test
    void courierAndPaperpathListTheSameUtf8FoldersWhoeverCreatedThem() throws Exception {
        ImapAnswer created = courier.converse(maildir, new ImapScript()
                .command("a1", "CREATE " + ImapScript.quoted("INBOX.Entw&APw-rfe"))
                .command("a2", "CREATE " + ImapScript.quoted("INBOX.Tom &- Jerry"))
                .command("a3", "CREATE " + ImapScript.quoted("INBOX.Projekte.2026")));
        assertThat(created.failures()).as(created.text()).isEmpty();
        FolderStore store = new FolderStore(maildir, FolderNameEncoding.UTF8);
        assertThat(store.create(FolderName.parse("\u00c4rger/2027", '/'))).isInstanceOf(FolderOutcome.Done.class);

        ImapAnswer listed = courier.converse(maildir, new ImapScript().command("l1", "LIST \"\" \"*\""));
        Map<FolderName, Set<FolderInfo.Attribute>> courierView = new TreeMap<>(CourierUidImportIT::byName);
        for (Map.Entry<String, Set<String>> e : listed.list().entrySet()) {
            String name = ModifiedUtf7.decode(e.getKey()).orElseThrow();
            FolderName folder = name.equals("INBOX") ? FolderName.INBOX
                    : FolderName.parse(name.substring("INBOX.".length()), '.');
            Set<FolderInfo.Attribute> attributes = EnumSet.noneOf(FolderInfo.Attribute.class);
            attributes.add(e.getValue().contains("\\HasChildren") ? FolderInfo.Attribute.HAS_CHILDREN
                    : FolderInfo.Attribute.HAS_NO_CHILDREN);
            if (e.getValue().contains("\\Noselect")) {
                attributes.add(FolderInfo.Attribute.NON_EXISTENT);
            }
            courierView.put(folder, attributes);
        }
        Map<FolderName, Set<FolderInfo.Attribute>> paperpathView = new TreeMap<>(CourierUidImportIT::byName);
        for (FolderInfo info : store.list()) {
            paperpathView.put(info.name(), info.attributes());
        }
        assertThat(paperpathView).isEqualTo(courierView).containsKeys(FolderName.parse("\u00c4rger/2027", '/'),
                FolderName.parse("Entw\u00fcrfe", '/'), FolderName.parse("Tom & Jerry", '/'));
    }

    private static int byName(FolderName a, FolderName b) {
        return a.toString('/').compareTo(b.toString('/'));
    }

    private static Map<Long, String> baseNamesByUid(ScanOutcome.Scanned scanned) {
        Map<Long, String> out = new LinkedHashMap<>();
        for (UidMessage m : scanned.messages()) {
            out.put(m.uid(), m.baseName());
        }
        return out;
    }

    /** Courier's file read independently of libs/maildir: {@code 1 <uidvalidity> <nextuid>}, then {@code <uid> <name>}. */
    private record CourierDb(long uidValidity, long nextUid, Map<Long, String> uids) {

        static CourierDb read(Path folder) throws IOException {
            List<String> lines = Files.readAllLines(folder.resolve(CourierUidDb.NAME), StandardCharsets.UTF_8);
            String[] header = lines.get(0).split(" ");
            assertThat(header[0]).as("courierimapuiddb version").isEqualTo("1");
            Map<Long, String> uids = new LinkedHashMap<>();
            for (String line : lines.subList(1, lines.size())) {
                int space = line.indexOf(' ');
                uids.put(Long.parseLong(line.substring(0, space)), line.substring(space + 1));
            }
            return new CourierDb(Long.parseLong(header[1]), Long.parseLong(header[2]), uids);
        }
    }
}
