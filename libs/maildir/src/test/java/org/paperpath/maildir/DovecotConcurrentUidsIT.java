package org.paperpath.maildir;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Dovecot and Paperpath assign UIDs in one folder at the same time (issue 3: several processes
 * "delivering, scanning, flagging and expunging the same Maildir at once: no UID given twice, no
 * UID changed", with the real peer as one of them). Two Dovecot sessions APPEND while two
 * Paperpath JVMs ({@link ConcurrencyWorker}, as the Maildir's owner) deliver, scan, flag and
 * expunge; both take {@code dovecot-uidlist.lock}, so in the end Dovecot and libs/maildir must
 * show the same UID for every message, each UID once, and every UID handed out during the run
 * (Dovecot's APPENDUID, Paperpath's scans) must still name the same message. Skipped, with the
 * reason shown, where Dovecot is not installed.
 */
@ExtendWith(PeerInstalled.Dovecot.class)
class DovecotConcurrentUidsIT {

    private static final int DOVECOTS = 2;
    private static final int PAPERPATHS = 2;
    private static final int ROUNDS = 40;

    @TempDir
    Path work;

    private Path mail;

    @BeforeEach
    void setUp() {
        mail = work.resolve("mail");
    }

    @Test
    void dovecotAndPaperpathAssigningAtOnceNeverGiveOneUidTwiceNorChangeOne() throws Exception {
        ImapAnswer setup = dovecot().converse(new ImapScript().command("s1", "SELECT INBOX"));
        assertThat(setup.failures()).as(setup.text()).isEmpty();

        List<Process> paperpaths = new ArrayList<>();
        ExecutorService dovecots = Executors.newFixedThreadPool(DOVECOTS);
        List<String> report = new ArrayList<>();
        Map<String, Long> appendUids = new HashMap<>();
        try {
            String classPath = classPathForMailUser();
            for (int p = 0; p < PAPERPATHS; p++) {
                paperpaths.add(new ProcessBuilder(DovecotImapProcess.asMailUser(List.of(javaExecutable(), "-cp",
                        classPath, "-XX:TieredStopAtLevel=1", ConcurrencyWorker.class.getName(), mail.toString(),
                        "p" + p, String.valueOf(ROUNDS)))).redirectError(ProcessBuilder.Redirect.INHERIT).start());
            }
            awaitPaperpathDelivering();
            List<Future<ImapAnswer>> sessions = new ArrayList<>();
            for (int d = 0; d < DOVECOTS; d++) {
                ImapScript script = new ImapScript();
                for (int i = 0; i < ROUNDS; i++) {
                    script.append("d" + d + "x" + i, "INBOX", i % 3 == 0 ? "\\Seen" : "", ImapScript.message("d" + d + "/" + i));
                }
                sessions.add(dovecots.submit(() -> dovecot().converse(script)));
            }
            for (int d = 0; d < DOVECOTS; d++) {
                ImapAnswer answer = sessions.get(d).get(5, TimeUnit.MINUTES);
                assertThat(answer.failures()).as(answer.text()).isEmpty();
                for (int i = 0; i < ROUNDS; i++) {
                    long[] uid = answer.appendUid("d" + d + "x" + i).orElseThrow();
                    appendUids.put("d" + d + "/" + i, uid[1]);
                }
            }
            for (Process process : paperpaths) {
                String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                assertThat(process.waitFor(5, TimeUnit.MINUTES)).isTrue();
                assertThat(process.exitValue()).as("Paperpath worker exit code").isZero();
                report.addAll(out.lines().toList());
            }
        } finally {
            dovecots.shutdownNow();
            paperpaths.forEach(Process::destroyForcibly);
        }
        assertThat(report).noneMatch(line -> line.startsWith("CONFLICT"));

        ImapAnswer last = dovecot().converse(new ImapScript()
                .command("e1", "EXAMINE INBOX")
                .command("f1", "UID FETCH 1:* (BODY.PEEK[HEADER.FIELDS (SUBJECT)])"));
        assertThat(last.fetched("f1")).extracting(ImapAnswer.Fetched::uid).doesNotHaveDuplicates();
        Map<Long, String> dovecotView = last.uidSubjects("f1");
        ScanOutcome.Scanned scanned = (ScanOutcome.Scanned) new UidScanner(mail, "check", Duration.ofSeconds(60)).scan(mail);
        Map<Long, String> paperpathView = new HashMap<>();
        Map<String, String> subjectByBase = new HashMap<>();
        for (UidMessage message : scanned.messages()) {
            String subject = subjectOf(message.path());
            paperpathView.put(message.uid(), subject);
            subjectByBase.put(message.baseName(), subject);
        }
        assertThat(paperpathView).isEqualTo(dovecotView);
        Set<String> subjects = new HashSet<>(dovecotView.values());
        assertThat(subjects).as("each message once").hasSize(dovecotView.size());

        for (Map.Entry<String, Long> appended : appendUids.entrySet()) {
            assertThat(dovecotView).as("Dovecot's APPENDUID for %s", appended.getKey())
                    .containsEntry(appended.getValue(), appended.getKey());
        }
        Set<String> expunged = report.stream().filter(l -> l.startsWith("X ")).map(l -> l.substring(2))
                .collect(Collectors.toSet());
        long delivered = report.stream().filter(l -> l.startsWith("D ")).count();
        assertThat(dovecotView).hasSize((int) (DOVECOTS * ROUNDS + delivered - expunged.size()));
        for (String line : report) {
            if (line.startsWith("U ")) {
                String[] f = line.split(" ", 3);
                if (subjectByBase.containsKey(f[2])) {
                    assertThat(paperpathView.get(Long.parseLong(f[1]))).as("UID %s seen during the run", f[1])
                            .isEqualTo(subjectByBase.get(f[2]));
                }
            }
        }
    }

    /** Dovecot starts once the Paperpath JVMs are past their start-up, so that the two really overlap. */
    private void awaitPaperpathDelivering() throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        while (System.nanoTime() < deadline) {
            for (String dir : List.of("new", "cur")) {
                try (var files = Files.list(mail.resolve(dir))) {
                    if (files.anyMatch(f -> f.getFileName().toString().contains(".host-p"))) {
                        return;
                    }
                }
            }
            Thread.sleep(5);
        }
        throw new AssertionError("no Paperpath worker delivered within two minutes");
    }

    private DovecotImapProcess dovecot() {
        return new DovecotImapProcess(work, mail);
    }

    private static String subjectOf(Path message) throws IOException {
        for (String line : Files.readAllLines(message, StandardCharsets.UTF_8)) {
            if (line.startsWith("Subject: ")) {
                return line.substring("Subject: ".length());
            }
        }
        throw new AssertionError("no Subject in " + message);
    }

    /**
     * This module's compiled classes only, copied under {@link #work}: the worker needs nothing else,
     * and the user it runs as may read neither the local Maven repository nor the checkout (a clone
     * in a {@code mktemp -d} folder is readable by root alone), while {@link #work} is handed to it.
     */
    private String classPathForMailUser() throws IOException {
        List<String> entries = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            Path source = Path.of(entry);
            if (Files.isDirectory(source)) {
                Path copy = work.resolve("classpath").resolve(String.valueOf(entries.size()));
                copyTree(source, copy);
                entries.add(copy.toString());
            }
        }
        return String.join(File.pathSeparator, entries);
    }

    private static void copyTree(Path source, Path target) throws IOException {
        try (Stream<Path> paths = Files.walk(source)) {
            for (Path path : (Iterable<Path>) paths::iterator) {
                Path copy = target.resolve(source.relativize(path).toString());
                if (Files.isDirectory(path)) {
                    Files.createDirectories(copy);
                } else {
                    Files.copy(path, copy);
                }
            }
        }
    }

    private static String javaExecutable() {
        return ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }
}
