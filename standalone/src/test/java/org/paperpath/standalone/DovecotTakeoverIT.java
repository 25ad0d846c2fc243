package org.paperpath.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.paperpath.maildir.DovecotKeywords;
import org.paperpath.maildir.MessageFlags;
import org.paperpath.maildir.ScanOutcome;
import org.paperpath.maildir.UidMessage;
import org.paperpath.maildir.UidScanner;

/**
 * Issue 3's "How it will be checked": mail delivered through the running standalone system is
 * read by a real Dovecot pointed at the same Maildir, Dovecot sets flags and keywords, and the
 * mailbox is read again through Paperpath. Dovecot must show the UIDs and UIDVALIDITY libs/maildir
 * assigned; afterwards POP3 must give the same UIDLs and the same bytes as before, libs/maildir
 * must see Dovecot's flags, and every file name must have DESIGN.md's form. Skipped, with the
 * reason shown, where Dovecot (package dovecot-imapd) is not installed.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DovecotTakeoverIT {

    private static final Path DOVECOT_IMAP = Path.of("/usr/lib/dovecot/imap");
    private static final Path RUNUSER = Path.of("/usr/sbin/runuser");
    private static final boolean ROOT = "root".equals(System.getProperty("user.name"));
    private static final String DOMAIN = "takeover.test";
    private static final String PASSWORD = "correct horse battery";
    /** DESIGN.md "Maildir names": {@code <seconds>.M<micros>P<pid>Q<n>R<random>.<host>,S=<size>,W=<crlf-size>:2,<flags>}. */
    private static final Pattern DESIGN_NAME = Pattern.compile(
            "(\\d+)\\.M(\\d{1,6})P(\\d+)Q(\\d+)R([0-9a-f]+)\\.([^/:,]+),S=(\\d+),W=(\\d+):2,([!-~]*)");

    @TempDir
    static Path tmp;

    private StandaloneProcess paperpath;
    private AdminApi admin;

    @BeforeAll
    void start() throws Exception {
        String reason = !Files.isExecutable(DOVECOT_IMAP)
                ? "Dovecot is not installed (" + DOVECOT_IMAP + " missing): apt-get install -y dovecot-imapd"
                : ROOT && !Files.isExecutable(RUNUSER) ? "running as root without " + RUNUSER + " to start Dovecot as nobody"
                : "";
        if (!reason.isEmpty()) {
            System.err.println("DovecotTakeoverIT skipped: " + reason);
        }
        Assumptions.assumeTrue(reason.isEmpty(), reason);
        paperpath = new StandaloneProcess(tmp.resolve("data")).start();
        admin = paperpath.admin();
    }

    @AfterAll
    void stop() throws Exception {
        if (paperpath != null) {
            paperpath.close();
        }
    }

    @Test
    void dovecotTakesOverAMailboxPaperpathDeliveredAndPaperpathReadsItBackUnchanged() throws Exception {
        String address = admin.createMailbox(DOMAIN, "dora", PASSWORD);
        Mailboxes.awaitRecipientAccepted(paperpath.smtpPort, address, Duration.ofSeconds(20));
        for (int i = 1; i <= 3; i++) {
            send(address, "takeover " + i);
        }
        assertThat(Mailboxes.awaitPop3Count(paperpath.pop3Port, address, PASSWORD, 3, Duration.ofSeconds(30))).isEqualTo(3);
        Map<Integer, String> uidlsBefore = new HashMap<>();
        Map<Integer, byte[]> bytesBefore = new HashMap<>();
        try (Pop3Client pop3 = new Pop3Client(paperpath.pop3Port)) {
            pop3.login(address, PASSWORD);
            for (int n = 1; n <= 3; n++) {
                uidlsBefore.put(n, pop3.command("UIDL " + n));
                bytesBefore.put(n, pop3.retr(n));
            }
        }

        Path maildir = paperpath.dataDir.resolve("mail").resolve(DOMAIN).resolve("dora");
        UidScanner scanner = new UidScanner(maildir, "paperpath-test", Duration.ofSeconds(10));
        ScanOutcome.Scanned assigned = (ScanOutcome.Scanned) scanner.scan(maildir);
        assertThat(assigned.messages()).extracting(UidMessage::uid).containsExactly(1L, 2L, 3L);
        Map<Long, String> subjects = new HashMap<>();
        for (UidMessage m : assigned.messages()) {
            subjects.put(m.uid(), subjectOf(m.path()));
        }

        String dovecot = dovecot(maildir, List.of(
                "STATUS INBOX (MESSAGES UIDNEXT UIDVALIDITY)",
                "SELECT INBOX",
                "UID FETCH 1:* (BODY.PEEK[HEADER.FIELDS (SUBJECT)])",
                "UID STORE 1 +FLAGS (\\Seen)",
                "UID STORE 2 +FLAGS (\\Flagged \\Seen)",
                "UID STORE 3 +FLAGS (Work $Forwarded)"));
        assertThat(dovecot).contains("* STATUS INBOX (MESSAGES 3 UIDNEXT 4 UIDVALIDITY " + assigned.uidValidity() + ")");
        assertThat(subjectByUid(dovecot)).as("Dovecot's UIDs name the messages Paperpath gave them to")
                .isEqualTo(subjects).containsValues("takeover 1", "takeover 2", "takeover 3");
        assertThat(dovecot).doesNotContainPattern("(?m)^a\\d+ (NO|BAD)");

        try (Pop3Client pop3 = new Pop3Client(paperpath.pop3Port)) {
            pop3.login(address, PASSWORD);
            assertThat(pop3.count()).isEqualTo(3);
            for (int n = 1; n <= 3; n++) {
                assertThat(pop3.command("UIDL " + n)).as("UIDL %d after Dovecot", n).isEqualTo(uidlsBefore.get(n));
                assertThat(pop3.retr(n)).as("message %d after Dovecot", n).isEqualTo(bytesBefore.get(n));
            }
        }

        ScanOutcome.Scanned after = (ScanOutcome.Scanned) scanner.scan(maildir);
        assertThat(after.uidValidity()).isEqualTo(assigned.uidValidity());
        assertThat(after.messages()).extracting(UidMessage::baseName)
                .containsExactlyElementsOf(assigned.messages().stream().map(UidMessage::baseName).toList());
        char work = DovecotKeywords.letterOf(maildir, "Work").orElseThrow();
        char forwarded = DovecotKeywords.letterOf(maildir, "$Forwarded").orElseThrow();
        assertThat(flags(after, 0)).isEqualTo(MessageFlags.of("S"));
        assertThat(flags(after, 1)).isEqualTo(MessageFlags.of("FS"));
        assertThat(flags(after, 2)).isEqualTo(MessageFlags.of("" + work + forwarded));

        for (int i = 0; i < 3; i++) {
            Path file = after.messages().get(i).path();
            Matcher name = DESIGN_NAME.matcher(file.getFileName().toString());
            assertThat(name.matches()).as("%s has DESIGN.md's form", file.getFileName()).isTrue();
            assertThat(Long.parseLong(name.group(7))).as("S= of %s", file.getFileName()).isEqualTo(Files.size(file));
            assertThat(Long.parseLong(name.group(8))).as("W= of %s", file.getFileName())
                    .isEqualTo(bytesBefore.get(i + 1).length);
            assertThat(name.group(9)).as("flags in ASCII order").isEqualTo(MessageFlags.of(name.group(9)).chars());
        }
        try (Stream<Path> leftInNew = Files.list(maildir.resolve("new"))) {
            assertThat(leftInNew).isEmpty();
        }
    }

    private void send(String to, String subject) throws IOException {
        try (SmtpClient smtp = new SmtpClient(paperpath.smtpPort)) {
            assertThat(smtp.reply()).startsWith("220");
            assertThat(smtp.send("EHLO client.sender.test")).startsWith("250");
            assertThat(smtp.send("MAIL FROM:<bob@sender.test>")).startsWith("250");
            assertThat(smtp.send("RCPT TO:<" + to + ">")).startsWith("250");
            assertThat(smtp.send("DATA")).startsWith("354");
            smtp.raw(("From: bob@sender.test\r\nTo: " + to + "\r\nSubject: " + subject
                    + "\r\n\r\nBody of " + subject + ".\r\n.a line starting with a dot\r\n").getBytes(StandardCharsets.US_ASCII));
            assertThat(smtp.send(".")).startsWith("250");
            smtp.send("QUIT");
        }
    }

    private static MessageFlags flags(ScanOutcome.Scanned scanned, int index) {
        return MessageFlags.ofFileName(scanned.messages().get(index).path().getFileName().toString());
    }

    private static String subjectOf(Path message) throws IOException {
        for (String line : Files.readAllLines(message, StandardCharsets.UTF_8)) {
            if (line.startsWith("Subject: ")) {
                return line.substring("Subject: ".length());
            }
        }
        throw new AssertionError("no Subject in " + message);
    }

    private static Map<Long, String> subjectByUid(String transcript) {
        Map<Long, String> out = new HashMap<>();
        Matcher m = Pattern.compile("UID (\\d+)[^\r\n]*\\{\\d+\\}\r\nSubject: ([^\r\n]+)").matcher(transcript);
        while (m.find()) {
            out.put(Long.parseLong(m.group(1)), m.group(2));
        }
        return out;
    }

    /**
     * Runs Dovecot's imap binary pre-authenticated over {@code maildir} (Maildir++, UTF-8 names), as
     * {@code nobody} when we are root (Dovecot refuses uid 0): the Maildir is handed to nobody, and
     * its parents made passable. Paperpath, running as root, still reads and writes it. Commands are
     * sent one at a time, each after the previous one's tagged answer; the transcript is returned.
     * A Dovecot that hangs is killed after a minute, which ends the read.
     */
    private static String dovecot(Path maildir, List<String> commands) throws IOException, InterruptedException {
        Path work = Files.createDirectories(tmp.resolve("dovecot"));
        Path config = work.resolve("dovecot.conf");
        Files.writeString(config, "base_dir = " + Files.createDirectories(work.resolve("run"))
                + "\nlog_path = /dev/stderr\nssl = no\nmail_location = maildir:" + maildir + ":UTF-8\n"
                + "userdb {\n  driver = static\n  args = " + (ROOT ? "uid=nobody gid=nogroup " : "") + "home=" + maildir
                + "\n}\npassdb {\n  driver = static\n  args = nopassword=y\n}\n");
        List<String> command = new ArrayList<>();
        if (ROOT) {
            giveToNobody(work);
            giveToNobody(maildir);
            for (Path p = maildir.getParent(); p != null && p.startsWith(tmp); p = p.getParent()) {
                Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(p);
                permissions.add(PosixFilePermission.OTHERS_EXECUTE);
                Files.setPosixFilePermissions(p, permissions);
            }
            command.addAll(List.of(RUNUSER.toString(), "-u", "nobody", "--"));
        }
        command.addAll(List.of("env", "USER=dora", "HOME=" + maildir, DOVECOT_IMAP.toString(), "-c", config.toString()));
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        Thread watchdog = new Thread(() -> {
            try {
                if (!process.waitFor(60, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
            }
        }, "dovecot-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
        try {
            OutputStream out = process.getOutputStream();
            BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            StringBuilder transcript = new StringBuilder();
            List<String> all = new ArrayList<>(commands);
            all.add("LOGOUT");
            for (int i = 0; i < all.size(); i++) {
                String tag = "a" + i;
                out.write((tag + " " + all.get(i) + "\r\n").getBytes(StandardCharsets.UTF_8));
                out.flush();
                String line;
                do {
                    line = in.readLine();
                    if (line == null) {
                        throw new IOException("Dovecot closed the connection at " + tag + ":\n" + transcript);
                    }
                    transcript.append(line).append("\r\n");
                } while (!line.startsWith(tag + " "));
            }
            out.close();
            assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("Dovecot exits after LOGOUT").isTrue();
            return transcript.toString();
        } finally {
            process.destroyForcibly();
        }
    }

    private static void giveToNobody(Path tree) throws IOException {
        UserPrincipalLookupService users = tree.getFileSystem().getUserPrincipalLookupService();
        var nobody = users.lookupPrincipalByName("nobody");
        var nogroup = users.lookupPrincipalByGroupName("nogroup");
        try (Stream<Path> all = Files.walk(tree)) {
            for (Path p : all.toList()) {
                // Not through symbolic links: delivery markers may point at names that are no paths.
                PosixFileAttributeView view = Files.getFileAttributeView(p, PosixFileAttributeView.class,
                        LinkOption.NOFOLLOW_LINKS);
                view.setOwner(nobody);
                view.setGroup(nogroup);
            }
        }
    }
}
