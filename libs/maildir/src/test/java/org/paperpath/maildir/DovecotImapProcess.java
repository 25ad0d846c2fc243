package org.paperpath.maildir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs Debian's Dovecot IMAP server binary (package dovecot-imapd) in pre-authenticated mode on
 * standard input and output, as user {@code nobody} when the tests run as root (Dovecot refuses to
 * access mail as uid 0), over a Maildir++ root, with a minimal configuration of its own.
 */
final class DovecotImapProcess {

    static final Path IMAP = Path.of("/usr/lib/dovecot/imap");
    private static final Path RUNUSER = Path.of("/usr/sbin/runuser");

    private final Path work;
    private final Path mailRoot;
    private final String extraConfig;

    DovecotImapProcess(Path work, Path mailRoot) {
        this(work, mailRoot, "");
    }

    /** @param extraConfig more dovecot.conf lines, such as the quota plugin's settings */
    DovecotImapProcess(Path work, Path mailRoot, String extraConfig) {
        this.work = work;
        this.mailRoot = mailRoot;
        this.extraConfig = extraConfig;
    }

    /** Why Dovecot cannot run here, or an empty string if it can. */
    static String unavailableReason() {
        if (!Files.isExecutable(IMAP)) {
            return "Dovecot is not installed (" + IMAP + " missing): apt-get install -y dovecot-imapd";
        }
        if (isRoot() && !Files.isExecutable(RUNUSER)) {
            return "running as root without " + RUNUSER + " to start Dovecot as nobody";
        }
        return "";
    }

    /** Feeds {@code script} (IMAP commands, CRLF line ends) at once and returns everything Dovecot answered. */
    String converse(String script) throws IOException, InterruptedException {
        Process process = start();
        try {
            process.getOutputStream().write(script.getBytes(StandardCharsets.UTF_8));
            process.getOutputStream().close();
            String out;
            try (InputStream in = process.getInputStream()) {
                out = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                throw new IOException("dovecot imap did not exit; it said:\n" + out);
            }
            return out;
        } finally {
            // Also when the test fails or is interrupted: no Dovecot outlives its test.
            process.destroyForcibly();
        }
    }

    /** Runs {@code script} one command at a time and returns Dovecot's transcript. */
    ImapAnswer converse(ImapScript script) throws IOException, InterruptedException {
        Process process = start();
        try {
            return new ImapAnswer(script.runOn(process));
        } finally {
            process.destroyForcibly();
        }
    }

    private Process start() throws IOException {
        Path config = work.resolve("dovecot.conf");
        Path baseDir = Files.createDirectories(work.resolve("run"));
        String user = isRoot() ? "uid=nobody gid=nogroup " : "";
        String text = "base_dir = " + baseDir + "\nlog_path = /dev/stderr\nssl = no\n"
                + "mail_location = maildir:" + mailRoot + ":UTF-8\n"
                + "userdb {\n  driver = static\n  args = " + user + "home=" + mailRoot + "\n}\n"
                + "passdb {\n  driver = static\n  args = nopassword=y\n}\n" + extraConfig;
        synchronized (DovecotImapProcess.class) {
            // Sessions may start while others run: never truncate a configuration another is reading.
            if (!Files.exists(config) || !Files.readString(config).equals(text)) {
                Files.writeString(config, text);
            }
            if (isRoot()) {
                chownToNobody(work);
            }
        }
        List<String> command = asMailUser(List.of("env", "USER=paperpath", "HOME=" + mailRoot, IMAP.toString(), "-c",
                config.toString()));
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        ProcessWatchdog.watch(process, "dovecot-watchdog");
        return process;
    }

    /** {@code command} run as the user that owns the Maildir: {@code nobody} when the tests run as root. */
    static List<String> asMailUser(List<String> command) {
        List<String> out = new ArrayList<>();
        if (isRoot()) {
            out.addAll(List.of(RUNUSER.toString(), "-u", "nobody", "--"));
        }
        out.addAll(command);
        return out;
    }

    private static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    private static void chownToNobody(Path tree) throws IOException {
        UserPrincipalLookupService users = tree.getFileSystem().getUserPrincipalLookupService();
        var nobody = users.lookupPrincipalByName("nobody");
        GroupPrincipal nogroup = users.lookupPrincipalByGroupName("nogroup");
        Files.walkFileTree(tree, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                own(dir);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                own(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                if (e instanceof NoSuchFileException) {
                    return FileVisitResult.CONTINUE;
                }
                throw e;
            }

            /**
             * A file renamed or removed meanwhile (a live Maildir's tmp/, new/ or a lock) needs no owner;
             * a symbolic link (a delivery marker) is owned itself, never followed.
             */
            private void own(Path p) throws IOException {
                PosixFileAttributeView view = Files.getFileAttributeView(p, PosixFileAttributeView.class,
                        LinkOption.NOFOLLOW_LINKS);
                try {
                    view.setOwner(nobody);
                    view.setGroup(nogroup);
                } catch (NoSuchFileException gone) {
                    // See above.
                }
            }
        });
    }
}
