package org.paperpath.maildir;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
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
 * Paperpath takes over a Maildir++ that a real Dovecot wrote (issue 3, "Interoperability"): Dovecot
 * creates folders (nested, non-ASCII, with {@code &} and spaces, stored as UTF-8 by
 * {@code maildir:...:UTF-8}), appends, stores flags and keywords and expunges; libs/maildir then
 * lists the same folders, the same messages with the same UIDs and UIDVALIDITY, the same flags and
 * keywords, and gives its next delivery the UID Dovecot announced as UIDNEXT, which Dovecot then
 * shows. With the modified UTF-7 setting, Dovecot's default on-disk folder names are read and
 * written alike, and Dovecot and Paperpath continue one UIDVALIDITY counter. Skipped, with the
 * reason shown, where Dovecot is not installed.
 */
@ExtendWith(PeerInstalled.Dovecot.class)
class DovecotWrittenMaildirIT {

    /** IMAP wire name (Dovecot's "." separator, modified UTF-7) of each folder the test creates. */
    private static final Map<String, FolderName> FOLDERS = new LinkedHashMap<>();

    static {
        FOLDERS.put("INBOX", FolderName.INBOX);
        FOLDERS.put("Entw&APw-rfe", FolderName.parse("Entw\u00fcrfe", '/'));
        FOLDERS.put("Projekte.2026", FolderName.parse("Projekte/2026", '/'));
        FOLDERS.put("Tom &- Jerry", FolderName.parse("Tom & Jerry", '/'));
    }

    @TempDir
    Path work;

    private Path mail;

    @BeforeEach
    void setUp() {
        mail = work.resolve("mail");
    }

    @Test
    void paperpathSeesDovecotsFoldersUidsFlagsAndKeywordsAndContinuesItsUids() throws Exception {
        ImapAnswer written = dovecot(new ImapScript()
                .command("c1", "CREATE " + ImapScript.quoted("Entw&APw-rfe"))
                .command("c2", "CREATE " + ImapScript.quoted("Projekte.2026"))
                .command("c3", "CREATE " + ImapScript.quoted("Tom &- Jerry"))
                .append("p1", "INBOX", "", ImapScript.message("one"))
                .append("p2", "INBOX", "\\Seen", ImapScript.message("two"))
                .append("p3", "INBOX", "", ImapScript.message("three"))
                .append("p4", "Entw&APw-rfe", "\\Draft", ImapScript.message("draft one"))
                .append("p5", "Entw&APw-rfe", "", ImapScript.message("draft two"))
                .append("p6", "Projekte.2026", "", ImapScript.message("project"))
                .append("p7", "Tom &- Jerry", "\\Seen", ImapScript.message("cartoon"))
                .command("s1", "SELECT INBOX")
                .command("s2", "STORE 1 +FLAGS (\\Seen $Forwarded Work)")
                .command("s3", "STORE 2 +FLAGS (\\Deleted)")
                .command("s4", "EXPUNGE")
                .command("s5", "STORE 2 +FLAGS (\\Flagged)")
                .append("p8", "INBOX", "", ImapScript.message("four"))
                .command("s6", "SELECT " + ImapScript.quoted("Entw&APw-rfe"))
                .command("s7", "STORE 2 +FLAGS (\\Answered Work)"));
        assertThat(written.failures()).as(written.text()).isEmpty();

        ImapAnswer dovecotView = dovecot(readBack());
        FolderStore store = new FolderStore(mail, FolderNameEncoding.UTF8);
        assertThat(paperpathFolders(store)).isEqualTo(dovecotFolders(dovecotView));

        UidScanner scanner = new UidScanner(mail, "paperpath-test", Duration.ofSeconds(10));
        int folder = 0;
        for (Map.Entry<String, FolderName> f : FOLDERS.entrySet()) {
            Path dir = store.path(f.getValue()).orElseThrow();
            ScanOutcome.Scanned scanned = (ScanOutcome.Scanned) scanner.scan(dir);
            assertThat(scanned.uidValidity()).as("UIDVALIDITY of %s", f.getKey())
                    .isEqualTo(dovecotView.status(f.getKey(), "UIDVALIDITY"));
            assertThat(scanned.nextUid()).as("UIDNEXT of %s", f.getKey())
                    .isEqualTo(dovecotView.status(f.getKey(), "UIDNEXT"));
            assertThat(flagsByUid(dir, scanned)).as("UIDs and flags of %s", f.getKey())
                    .isEqualTo(dovecotView.uidFlags("f" + folder));
            folder++;
        }
        Map<Long, Set<String>> inbox = dovecotView.uidFlags("f0");
        assertThat(inbox.keySet()).as("UIDs after an EXPUNGE are not simply 1..n").containsExactly(1L, 3L, 4L);
        assertThat(inbox.get(1L)).containsExactly("$Forwarded", "Work", "\\Seen");

        long inboxNext = dovecotView.status("INBOX", "UIDNEXT");
        long draftsNext = dovecotView.status("Entw&APw-rfe", "UIDNEXT");
        Path drafts = store.path(FOLDERS.get("Entw&APw-rfe")).orElseThrow();
        deliver(mail, "late-1", "delivered by Paperpath");
        deliver(drafts, "late-2", "filed by Paperpath");
        assertThat(lastUid((ScanOutcome.Scanned) scanner.scan(mail))).isEqualTo(inboxNext);
        assertThat(lastUid((ScanOutcome.Scanned) scanner.scan(drafts))).isEqualTo(draftsNext);

        ImapAnswer after = dovecot(new ImapScript()
                .command("a1", "STATUS INBOX (MESSAGES UIDNEXT UIDVALIDITY)")
                .command("a2", "EXAMINE INBOX")
                .command("a3", "UID FETCH " + inboxNext + " (FLAGS BODY.PEEK[HEADER.FIELDS (SUBJECT)])")
                .command("a4", "EXAMINE " + ImapScript.quoted("Entw&APw-rfe"))
                .command("a5", "UID FETCH 1:* (FLAGS)"));
        assertThat(after.status("INBOX", "UIDNEXT")).isEqualTo(inboxNext + 1);
        assertThat(after.status("INBOX", "UIDVALIDITY")).isEqualTo(dovecotView.status("INBOX", "UIDVALIDITY"));
        assertThat(after.text()).contains("Subject: delivered by Paperpath");
        assertThat(after.uidFlags("a5").keySet()).containsExactly(1L, 2L, draftsNext);
    }

    @Test
    void uidValiditiesFromTheCounterPaperpathAndDovecotShareAreNeverHandedOutTwice() throws Exception {
        ImapAnswer first = dovecot(new ImapScript()
                .command("c1", "CREATE Dovecot1")
                .command("c2", "CREATE Dovecot2"));
        assertThat(first.failures()).as(first.text()).isEmpty();
        FolderStore store = new FolderStore(mail, FolderNameEncoding.UTF8);
        FolderName ours = FolderName.parse("Paperpath", '/');
        store.create(ours);
        long paperpath = ((ScanOutcome.Scanned) new UidScanner(mail, "paperpath-test", Duration.ofSeconds(10))
                .scan(store.path(ours).orElseThrow())).uidValidity();

        ImapAnswer second = dovecot(new ImapScript()
                .command("c3", "CREATE Dovecot3")
                .command("s1", "STATUS Dovecot1 (UIDVALIDITY)")
                .command("s2", "STATUS Dovecot2 (UIDVALIDITY)")
                .command("s3", "STATUS Paperpath (UIDVALIDITY)")
                .command("s4", "STATUS Dovecot3 (UIDVALIDITY)"));
        assertThat(second.failures()).as(second.text()).isEmpty();
        long dovecot1 = second.status("Dovecot1", "UIDVALIDITY");
        long dovecot2 = second.status("Dovecot2", "UIDVALIDITY");
        long dovecot3 = second.status("Dovecot3", "UIDVALIDITY");
        assertThat(second.status("Paperpath", "UIDVALIDITY")).isEqualTo(paperpath);
        assertThat(List.of(dovecot1, dovecot2, paperpath, dovecot3)).doesNotHaveDuplicates();
        assertThat(paperpath).as("Paperpath continues Dovecot's counter").isGreaterThan(Math.max(dovecot1, dovecot2));
        assertThat(dovecot3).as("and Dovecot continues Paperpath's").isGreaterThan(paperpath);
    }

    @Test
    void theModifiedUtf7SettingReadsAndWritesDovecotsDefaultFolderNames() throws Exception {
        DovecotImapProcess utf7 = new DovecotImapProcess(work, mail, "mail_location = maildir:" + mail + "\n");
        ImapAnswer created = utf7.converse(new ImapScript()
                .command("c1", "CREATE " + ImapScript.quoted("Entw&APw-rfe"))
                .command("c2", "CREATE " + ImapScript.quoted("Tom &- Jerry.Projekte 2026"))
                .command("c3", "CREATE " + ImapScript.quoted("Post &2D3c6A-")));
        assertThat(created.failures()).as(created.text()).isEmpty();
        FolderStore store = new FolderStore(mail, FolderNameEncoding.MODIFIED_UTF7);
        assertThat(store.path(FolderName.parse("Entw\u00fcrfe", '/')).orElseThrow().getFileName().toString())
                .isEqualTo(".Entw&APw-rfe");
        assertThat(store.create(FolderName.parse("\u00c4rger/Q1", '/'))).isInstanceOf(FolderOutcome.Done.class);

        ImapAnswer listed = utf7.converse(new ImapScript().command("l1", "LIST \"\" \"*\""));
        assertThat(listed.list()).containsKey("&AMQ-rger.Q1");
        assertThat(paperpathFolders(store)).isEqualTo(dovecotFolders(listed)).containsKeys(
                FolderName.parse("Post \ud83d\udce8", '/'), FolderName.parse("Tom & Jerry/Projekte 2026", '/'));
    }

    /** Session 2, read-only: STATUS and LIST, then every folder's UIDs and flags (the FETCH of folder i is tagged fi). */
    private static ImapScript readBack() {
        ImapScript script = new ImapScript();
        int i = 0;
        for (String name : FOLDERS.keySet()) {
            script.command("t" + i, "STATUS " + ImapScript.quoted(name) + " (MESSAGES UIDNEXT UIDVALIDITY)")
                    .command("e" + i, "EXAMINE " + ImapScript.quoted(name))
                    .command("f" + i, "UID FETCH 1:* (FLAGS)");
            i++;
        }
        return script.command("l1", "LIST \"\" \"*\"");
    }

    private ImapAnswer dovecot(ImapScript script) throws IOException, InterruptedException {
        return new DovecotImapProcess(work, mail).converse(script);
    }

    /**
     * Folder name to "exists, has children" as Dovecot's LIST says (\Noselect: only a parent of a
     * folder). INBOX's children are left out: Dovecot's default namespace (empty prefix) makes the
     * folders INBOX's siblings, Courier's {@code INBOX.} namespace and {@link FolderStore} its children.
     */
    private static Map<FolderName, List<Boolean>> dovecotFolders(ImapAnswer answer) {
        Map<FolderName, List<Boolean>> out = new TreeMap<>(DovecotWrittenMaildirIT::byName);
        for (Map.Entry<String, Set<String>> e : answer.list().entrySet()) {
            String decoded = ModifiedUtf7.decode(e.getKey()).orElseThrow();
            FolderName name = FolderName.parse(decoded, '.');
            out.put(name, List.of(!e.getValue().contains("\\Noselect"),
                    !name.isInbox() && e.getValue().contains("\\HasChildren")));
        }
        return out;
    }

    private static Map<FolderName, List<Boolean>> paperpathFolders(FolderStore store) throws IOException {
        Map<FolderName, List<Boolean>> out = new TreeMap<>(DovecotWrittenMaildirIT::byName);
        for (FolderInfo info : store.list()) {
            out.put(info.name(), List.of(!info.attributes().contains(FolderInfo.Attribute.NON_EXISTENT),
                    !info.name().isInbox() && info.attributes().contains(FolderInfo.Attribute.HAS_CHILDREN)));
        }
        return out;
    }

    private static int byName(FolderName a, FolderName b) {
        return a.toString('/').compareTo(b.toString('/'));
    }

    private static Map<Long, Set<String>> flagsByUid(Path folder, ScanOutcome.Scanned scanned) throws IOException {
        Map<Long, Set<String>> out = new LinkedHashMap<>();
        for (UidMessage m : scanned.messages()) {
            out.put(m.uid(), ImapFlagNames.of(folder, m.path()));
        }
        return out;
    }

    private static long lastUid(ScanOutcome.Scanned scanned) {
        return scanned.messages().get(scanned.messages().size() - 1).uid();
    }

    private static void deliver(Path folder, String key, String subject) throws IOException {
        Maildir.open(folder, "pod-1").deliver(key,
                new ByteArrayInputStream(ImapScript.message(subject).getBytes(StandardCharsets.UTF_8)));
    }
}
