package org.paperpath.pop3.server;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;
import org.paperpath.account.client.AuthResult;
import org.paperpath.account.client.Authenticator;

/**
 * The mailbox every POP3 test reads: {@code alice@example.test} (password {@code secret}) with three
 * messages on disk under fixed names, so transcripts can spell out sizes and unique-ids.
 */
public final class Pop3TestSupport {

    public static final String MESSAGE_1 = "From: a@example.test\nSubject: one\n\nHello\n";
    /** Lines that need dot-stuffing, and no final newline. */
    public static final String MESSAGE_2 = "Subject: dots\n\n.leading dot\n..two dots\n.\nend";
    /** Stored with CRLF already (an imported Courier Maildir): must not become CR CR LF. */
    public static final String MESSAGE_3 = "Subject: crlf\r\n\r\nline one\r\nline two\n";

    private Pop3TestSupport() {
    }

    /** Writes the three messages into {@code <mailRoot>/example.test/alice}; returns that Maildir. */
    public static Path aliceMaildir(Path mailRoot) throws IOException {
        Path maildir = mailRoot.resolve("example.test").resolve("alice");
        for (String dir : new String[] {"tmp", "new", "cur"}) {
            Files.createDirectories(maildir.resolve(dir));
        }
        write(maildir.resolve("new/1700000001.M000001P100Q1.test"), MESSAGE_1);
        write(maildir.resolve("cur/1700000002.M000002P100Q2.test:2,S"), MESSAGE_2);
        write(maildir.resolve("cur/1700000003.M000003P100Q3.test,W=37:2,S"), MESSAGE_3);
        return maildir;
    }

    public static long messageCount(Path maildir) throws IOException {
        long count = 0;
        for (String dir : new String[] {"new", "cur"}) {
            try (Stream<Path> files = Files.list(maildir.resolve(dir))) {
                count += files.count();
            }
        }
        return count;
    }

    /** How long account-service asks {@code slow@example.test}'s refusals to be held back. */
    public static final Duration SLOW_DELAY = Duration.ofSeconds(2);

    /**
     * alice/secret logs in; down@... finds account-service unreachable; ghost@... maps to an unsafe path;
     * slow@... is refused with a delay of {@link #SLOW_DELAY}; busy@... is throttled whatever the password.
     */
    public static Authenticator authenticator() {
        return (username, password, service, remoteIp) -> {
            if (!"pop3".equals(service)) {
                return new AuthResult.Rejected("wrong service " + service);
            }
            if (username.equals("down@example.test")) {
                return new AuthResult.Unavailable("account-service unreachable");
            }
            if (username.equals("slow@example.test")) {
                return new AuthResult.Rejected("bad password", SLOW_DELAY);
            }
            if (username.equals("busy@example.test")) {
                return new AuthResult.Throttled(Duration.ofSeconds(30));
            }
            if (username.equals("alice@example.test") && password.equals("secret")) {
                return new AuthResult.Authenticated("alice@example.test", "example.test", "alice");
            }
            if (username.equals("ghost@example.test") && password.equals("secret")) {
                return new AuthResult.Authenticated("ghost@example.test", "example.test", "../alice");
            }
            return new AuthResult.Rejected("bad password");
        };
    }

    private static void write(Path file, String content) throws IOException {
        Files.write(file, content.getBytes(StandardCharsets.UTF_8));
    }
}
