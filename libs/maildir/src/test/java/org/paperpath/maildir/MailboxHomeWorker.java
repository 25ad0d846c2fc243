package org.paperpath.maildir;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One claimer of {@link MailboxHomeTest}, run as a separate JVM: prints {@code READY}, waits for the
 * test's start file so that all claimers race from the same moment, then claims the mailbox for an
 * incarnation id and delivers one message into what it got, twice. Prints {@code D <root> <name>} per
 * delivery. Exits non-zero on any exception, so the test sees it.
 */
public final class MailboxHomeWorker {

    private MailboxHomeWorker() {
    }

    /** Arguments: mail root, domain, local part, incarnation id, start file, worker name. */
    public static void main(String[] args) throws Exception {
        Path mailRoot = Path.of(args[0]);
        Path start = Path.of(args[4]);
        String name = args[5];
        System.out.println("READY");
        System.out.flush();
        while (!Files.exists(start)) {
            Thread.sleep(1);
        }
        MailboxHome home = new MailboxHome(mailRoot, "host-" + name);
        for (int i = 0; i < 2; i++) {
            Path root = home.claim(args[1], args[2], args[3]);
            DeliveryOutcome outcome = Maildir.open(root, "host-" + name).create().deliver(name + "/" + i,
                    new ByteArrayInputStream(("Subject: new " + name + " " + i + "\n\nfor the new incarnation\n")
                            .getBytes(StandardCharsets.US_ASCII)));
            System.out.println("D " + root + " " + ((DeliveryOutcome.Delivered) outcome).name());
        }
        System.out.flush();
    }
}
