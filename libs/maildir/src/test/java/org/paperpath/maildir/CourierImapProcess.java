package org.paperpath.maildir;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs Courier-IMAP's {@code imapd} pre-authenticated on standard input and output, and Courier's
 * {@code deliverquota} to deliver, from the unpacked Debian packages that {@code .ci/run} keeps in
 * {@code $PAPERPATH_COURIER_ROOT} (default {@code ~/.cache/paperpath/courier}): Courier cannot be
 * installed beside Dovecot. Both work on a Maildir as whatever user runs the tests. imapd's
 * complaints about a missing FAM/Gamin daemon on standard error are harmless.
 */
final class CourierImapProcess {

    private final Path root;

    private CourierImapProcess(Path root) {
        this.root = root;
    }

    /** The unpacked Courier from the system property or environment variable PAPERPATH_COURIER_ROOT. */
    static CourierImapProcess located() {
        String configured = System.getProperty("PAPERPATH_COURIER_ROOT", System.getenv("PAPERPATH_COURIER_ROOT"));
        Path root = configured != null && !configured.isBlank() ? Path.of(configured)
                : Path.of(System.getProperty("user.home"), ".cache", "paperpath", "courier");
        return new CourierImapProcess(root);
    }

    /** Why Courier cannot run here, or an empty string if it can. */
    String unavailableReason() {
        for (Path binary : List.of(imapd(), deliverquota())) {
            if (!Files.isExecutable(binary)) {
                return "Courier-IMAP is not unpacked (" + binary + " missing): .ci/run unpacks it into "
                        + "$PAPERPATH_COURIER_ROOT or ~/.cache/paperpath/courier";
            }
        }
        return "";
    }

    /** Delivers {@code message} into the Maildir {@code maildir} with Courier's deliverquota. */
    void deliver(Path maildir, String message) throws IOException, InterruptedException {
        int exit = runDeliverquota(List.of(deliverquota().toString(), maildir.toString()), maildir, message);
        if (exit != 0) {
            throw new IOException("deliverquota exited with " + exit);
        }
    }

    /**
     * Delivers with deliverquota under a Maildir++ quota such as {@code 20000S,50C}; returns its exit
     * code: 0 delivered, 75 (EX_TEMPFAIL) "Mail quota exceeded".
     */
    int deliver(Path maildir, String quota, String message) throws IOException, InterruptedException {
        return runDeliverquota(List.of(deliverquota().toString(), maildir.toString(), quota), maildir, message);
    }

    private int runDeliverquota(List<String> command, Path maildir, String message) throws IOException, InterruptedException {
        Process process = builder(command, maildir).redirectErrorStream(true).start();
        try {
            try (OutputStream in = process.getOutputStream()) {
                in.write(message.getBytes(StandardCharsets.UTF_8));
            }
            String said = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                throw new IOException("deliverquota did not exit; it said: " + said);
            }
            return process.exitValue();
        } finally {
            process.destroyForcibly();
        }
    }

    /** Runs {@code script} one command at a time against imapd on {@code maildir} and returns its transcript. */
    ImapAnswer converse(Path maildir, ImapScript script) throws IOException {
        Process process = builder(List.of(imapd().toString(), maildir.getFileName().toString()), maildir)
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        ProcessWatchdog.watch(process, "courier-watchdog");
        try {
            return new ImapAnswer(script.runOn(process));
        } finally {
            process.destroyForcibly();
        }
    }

    /** Courier's programs run from the Maildir's parent with the unpacked libraries and a pre-authenticated user. */
    private ProcessBuilder builder(List<String> command, Path maildir) {
        ProcessBuilder builder = new ProcessBuilder(command).directory(maildir.getParent().toFile());
        Map<String, String> env = builder.environment();
        env.put("LD_LIBRARY_PATH", String.join(":", root.resolve("usr/lib").toString(),
                root.resolve("usr/lib/courier-authlib").toString(), root.resolve("usr/lib/x86_64-linux-gnu").toString()));
        env.put("AUTHENTICATED", "paperpath");
        env.put("MAILDIR", maildir.toString());
        return builder;
    }

    private Path imapd() {
        return root.resolve("usr/bin/imapd");
    }

    private Path deliverquota() {
        return root.resolve("usr/bin/deliverquota.courier");
    }
}
