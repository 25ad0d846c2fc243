package org.paperpath.maildir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Another process changing a Maildir, for {@link ScanCacheConcurrencyTest}: the JVM that runs
 * this has its own {@link ScanCache}, so nothing it does reaches the test's cache but through the
 * file system. Arguments: the Maildir root, then operations {@code deliver:<key>},
 * {@code flag:<base name>}, {@code expunge:<base name>} and {@code scan} (assign UIDs, moving
 * new/ to cur/, as another node's IMAP server would).
 */
public final class ForeignWriter {

    private ForeignWriter() {
    }

    public static void main(String[] args) throws IOException {
        Path root = Path.of(args[0]);
        for (int i = 1; i < args.length; i++) {
            String op = args[i];
            String arg = op.substring(op.indexOf(':') + 1);
            if (op.startsWith("deliver:")) {
                Maildir.open(root, "foreign").deliver(arg,
                        new ByteArrayInputStream(("Subject: " + arg + "\n\nfrom another JVM\n").getBytes(StandardCharsets.UTF_8)));
            } else if (op.startsWith("flag:")) {
                FlagUpdater.update(root, arg, f -> f.with(MessageFlags.FLAGGED));
            } else if (op.startsWith("expunge:")) {
                Files.delete(FlagUpdater.find(root, arg).orElseThrow());
            } else if (op.equals("scan")) {
                new UidScanner(root, "foreign", java.time.Duration.ofSeconds(30)).scan(root);
            } else {
                throw new IllegalArgumentException("unknown operation " + op);
            }
        }
    }
}
