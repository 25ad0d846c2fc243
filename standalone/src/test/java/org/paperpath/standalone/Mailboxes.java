package org.paperpath.standalone;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

/** Test helpers that look at the shared volume and wait for mail to arrive. */
final class Mailboxes {

    private Mailboxes() {
    }

    /** Files in a Maildir's new/ and cur/. */
    static List<Path> messages(Path dataDir, String domain, String localPart) throws IOException {
        Path root = dataDir.resolve("mail").resolve(domain).resolve(localPart);
        try (Stream<Path> news = list(root.resolve("new")); Stream<Path> curs = list(root.resolve("cur"))) {
            return Stream.concat(news, curs).filter(Files::isRegularFile).toList();
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
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = "";
        while (System.nanoTime() < deadline) {
            try (SmtpClient smtp = new SmtpClient(smtpPort)) {
                smtp.reply();
                smtp.send("EHLO probe.test");
                smtp.send("MAIL FROM:<probe@sender.test>");
                last = smtp.send("RCPT TO:<" + address + ">");
                smtp.send("QUIT");
                if (last.startsWith("250")) {
                    return;
                }
            }
            Thread.sleep(200);
        }
        throw new AssertionError("RCPT TO:<" + address + "> not accepted within " + timeout + "; last reply: " + last);
    }
}
