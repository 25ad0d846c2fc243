package org.paperpath.standalone;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

/** Test helpers that look at the shared volume and wait for mail to arrive. */
final class Mailboxes {

    private Mailboxes() {
    }

    /**
     * Messages in a Maildir's new/ and cur/: its files, without dot names (a delivery's marker sits in
     * new/ as {@code .paperpath-<hash>} for a moment, ADR 0003; Maildir readers skip dot names).
     */
    static List<Path> messages(Path dataDir, String domain, String localPart) throws IOException {
        Path root = dataDir.resolve("mail").resolve(domain).resolve(localPart);
        try (Stream<Path> news = list(root.resolve("new")); Stream<Path> curs = list(root.resolve("cur"))) {
            return Stream.concat(news, curs).filter(Files::isRegularFile)
                    .filter(file -> !file.getFileName().toString().startsWith(".")).toList();
        }
    }

    private static Stream<Path> list(Path dir) throws IOException {
        return Files.isDirectory(dir) ? Files.list(dir) : Stream.empty();
    }

    /** Number of bodies left in the spool (tmp/ included). */
    static long spoolFiles(Path dataDir) throws IOException {
        Path spool = dataDir.resolve("spool");
        if (!Files.isDirectory(spool)) {
            return 0;
        }
        try (Stream<Path> files = Files.walk(spool)) {
            return files.filter(Files::isRegularFile).count();
        }
    }

    /** Polls POP3 until the mailbox holds {@code expected} messages; returns the count seen last. */
    static int awaitPop3Count(int port, String user, String password, int expected, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        int count = -1;
        while (System.nanoTime() < deadline) {
            try (Pop3Client pop3 = new Pop3Client(port)) {
                pop3.login(user, password);
                count = pop3.count();
                if (count >= expected) {
                    return count;
                }
            } catch (IOException e) {
                // the gateway may still be starting or the account not yet visible: try again
            }
            Thread.sleep(300);
        }
        return count;
    }

    /** Waits until SMTP accepts {@code address} at RCPT (the directory view has caught up with the REST change). */
    static void awaitRecipientAccepted(int smtpPort, String address, Duration timeout) throws Exception {
        String last = awaitRcptReply(smtpPort, address, "250", timeout);
        if (!last.startsWith("250")) {
            throw new AssertionError("RCPT TO:<" + address + "> not accepted within " + timeout + "; last reply: " + last);
        }
    }

    /** Polls RCPT for {@code address} until the reply starts with {@code code}; returns the last reply. */
    static String awaitRcptReply(int smtpPort, String address, String code, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = "";
        while (System.nanoTime() < deadline) {
            try (SmtpClient smtp = new SmtpClient(smtpPort)) {
                smtp.reply();
                smtp.send("EHLO probe.test");
                smtp.send("MAIL FROM:<probe@sender.test>");
                last = smtp.send("RCPT TO:<" + address + ">");
                smtp.send("QUIT");
            }
            if (last.startsWith(code)) {
                return last;
            }
            Thread.sleep(200);
        }
        return last;
    }

    /** The Maildir file (LF line endings) of {@code localPart@domain} that contains {@code marker}, once delivered. */
    static String awaitDelivered(StandaloneProcess paperpath, String domain, String localPart, String marker,
            Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            for (Path file : messages(paperpath.dataDir, domain, localPart)) {
                String text = new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
                if (text.contains(marker)) {
                    return text;
                }
            }
            Thread.sleep(200);
        }
        throw new AssertionError("no message with " + marker + " in " + localPart + "@" + domain + "'s Maildir within "
                + timeout + "; see " + paperpath.logFile());
    }
}
