package org.paperpath.maildir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link MailboxHome} on real directories: a mailbox created again under the same address never sees
 * the deleted one's Maildir, which is kept under {@code .deleted}; concurrent claims move it once.
 */
class MailboxHomeTest {

    private static final String OLD = "11111111-1111-4111-8111-111111111111";
    private static final String NEW = "22222222-2222-4222-8222-222222222222";

    @TempDir
    Path mailRoot;

    private MailboxHome home() {
        return new MailboxHome(mailRoot, "test-host");
    }

    private Path erin() {
        return mailRoot.resolve("example.test").resolve("erin");
    }

    private Path deletedErin(String id) {
        return mailRoot.resolve(".deleted").resolve("example.test").resolve("erin." + id);
    }

    /** A Maildir of erin with one message, marked with {@code id} (or without a marker for null). */
    private String oldMaildir(String id) throws IOException {
        Maildir maildir = Maildir.open(erin(), "old-host").create();
        String name = ((DeliveryOutcome.Delivered) maildir.deliver("old/1", message("secret for erin"))).name();
        MarkerMoves.await();
        Files.createDirectories(erin().resolve(".Sent").resolve("cur"));
        if (id != null) {
            Files.writeString(erin().resolve(MailboxHome.MARKER), id + "\n");
        }
        return name;
    }

    private static ByteArrayInputStream message(String subject) {
        return new ByteArrayInputStream(("Subject: " + subject + "\n\nbody\n").getBytes(StandardCharsets.US_ASCII));
    }

    private static List<String> names(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(f -> f.getFileName().toString()).sorted().toList();
        }
    }

    /** The marker's first line: the id the Maildir belongs to. */
    private static String marker(Path root) throws IOException {
        return Files.readAllLines(root.resolve(MailboxHome.MARKER)).get(0);
    }

    @Test
    void aMaildirWithoutAMarkerIsAdopted() throws IOException {
        String old = oldMaildir(null);

        Path root = home().claim("example.test", "erin", NEW);

        assertThat(root).isEqualTo(erin());
        assertThat(marker(root)).isEqualTo(NEW);
        assertThat(names(root.resolve("new"))).containsExactly(old);
        assertThat(mailRoot.resolve(".deleted")).doesNotExist();
        assertThat(names(root)).noneMatch(n -> n.endsWith(".tmp"));
        assertThat(MailboxHome.lockFile(root)).doesNotExist();
    }

    @Test
    void aMaildirOfTheSameIdIsKept() throws IOException {
        String old = oldMaildir(NEW);

        Path root = home().claim("Example.Test", "Erin", NEW);

        assertThat(root).isEqualTo(erin());
        assertThat(names(root.resolve("new"))).containsExactly(old);
        assertThat(mailRoot.resolve(".deleted")).doesNotExist();
        assertThat(home().belongsTo("example.test", "erin", NEW)).isEqualTo(MailboxHome.Belonging.YES);
    }

    @Test
    void aMaildirOfAnotherIdIsMovedAsideWholeAndTheNewIncarnationStartsEmpty() throws IOException {
        String old = oldMaildir(OLD);
        assertThat(home().belongsTo("example.test", "erin", NEW)).isEqualTo(MailboxHome.Belonging.NO);

        Path root = home().claim("example.test", "erin", NEW);

        assertThat(root).isEqualTo(erin());
        assertThat(names(root)).containsExactly(MailboxHome.MARKER);
        assertThat(marker(root)).isEqualTo(NEW);
        Path aside = deletedErin(OLD);
        assertThat(names(aside.resolve("new"))).containsExactly(old);
        assertThat(Files.readString(aside.resolve("new").resolve(old))).contains("secret for erin");
        assertThat(aside.resolve(".Sent").resolve("cur")).isDirectory();
        assertThat(marker(aside)).isEqualTo(OLD);
        assertThat(MailboxHome.lockFile(root)).doesNotExist();
        assertThat(Maildir.open(root, "h").create().list()).isEmpty();
        assertThat(home().belongsTo("example.test", "erin", NEW)).isEqualTo(MailboxHome.Belonging.YES);
        assertThat(home().belongsTo("example.test", "erin", OLD)).isEqualTo(MailboxHome.Belonging.NO);
    }

    @Test
    void aClaimWithTheIdJustRetiredIsRefusedAndMovesNothing() throws IOException {
        oldMaildir(OLD);
        Path root = home().claim("example.test", "erin", NEW);
        String fresh = ((DeliveryOutcome.Delivered) Maildir.open(root, "pod-a").create()
                .deliver("new/1", message("for the new erin"))).name();
        MarkerMoves.await();

        // A pod whose directory view has not yet seen the deletion still delivers to the old id.
        assertThatThrownBy(() -> home().claim("example.test", "erin", OLD))
                .isInstanceOf(MailboxHome.StaleIdException.class).hasMessageContaining(OLD);

        assertThat(names(erin().resolve("new"))).containsExactly(fresh);
        assertThat(marker(erin())).isEqualTo(NEW);
        assertThat(names(mailRoot.resolve(".deleted/example.test"))).containsExactly("erin." + OLD);
        assertThat(MailboxHome.lockFile(erin())).doesNotExist();
        assertThat(home().claim("example.test", "erin", NEW)).isEqualTo(erin());
    }

    @Test
    void aRetirementOlderThanTheGraceLocksNobodyOut() throws IOException {
        oldMaildir(OLD);
        home().claim("example.test", "erin", NEW);
        MailboxHome later = new MailboxHome(mailRoot, "test-host", MailboxHome.DEFAULT_LOCK_TIMEOUT,
                java.time.Clock.offset(java.time.Clock.systemUTC(), MailboxHome.RETIRED_GRACE.plusMinutes(1)));

        assertThat(later.claim("example.test", "erin", OLD)).isEqualTo(erin());

        assertThat(marker(erin())).isEqualTo(OLD);
        assertThat(deletedErin(NEW)).isDirectory();
    }

    @Test
    void aSecondMoveOfTheSameOldIdGetsASuffix() throws IOException {
        oldMaildir(OLD);
        home().claim("example.test", "erin", NEW);
        Files.writeString(erin().resolve(MailboxHome.MARKER), OLD + "\n");

        home().claim("example.test", "erin", NEW);

        assertThat(deletedErin(OLD)).isDirectory();
        assertThat(mailRoot.resolve(".deleted/example.test/erin." + OLD + ".2")).isDirectory();
        assertThat(marker(erin())).isEqualTo(NEW);
    }

    @Test
    void anAbsentMaildirIsCreatedWithItsMarker() throws IOException {
        Path root = home().claim("example.test", "erin", NEW);

        assertThat(names(root)).containsExactly(MailboxHome.MARKER);
        assertThat(marker(root)).isEqualTo(NEW);
        assertThat(home().belongsTo("example.test", "nobody", NEW)).isEqualTo(MailboxHome.Belonging.UNKNOWN);
    }

    @Test
    void withoutAnIdNothingIsCheckedOrChanged() throws IOException {
        String old = oldMaildir(OLD);

        Path root = home().claim("example.test", "erin", null);

        assertThat(root).isEqualTo(erin());
        assertThat(names(root.resolve("new"))).containsExactly(old);
        assertThat(marker(root)).isEqualTo(OLD);
        assertThat(home().claim("example.test", "fresh", null)).doesNotExist();
        assertThat(home().belongsTo("example.test", "erin", null)).isEqualTo(MailboxHome.Belonging.UNKNOWN);
    }

    @Test
    void anUnsafeIdOrNameIsRefusedBeforeAnyChange() throws IOException {
        oldMaildir(OLD);

        assertThatThrownBy(() -> home().claim("example.test", "erin", "../../x")).isInstanceOf(InvalidMailboxPathException.class);
        assertThatThrownBy(() -> home().claim("example.test", ".erin", NEW)).isInstanceOf(InvalidMailboxPathException.class);
        assertThat(marker(erin())).isEqualTo(OLD);
    }

    @Test
    void aDirectoryKeyClaimsLikeItsDomainAndLocalPart() throws IOException {
        oldMaildir(OLD);

        assertThatThrownBy(() -> home().claim("erin", NEW)).isInstanceOf(InvalidMailboxPathException.class);
        assertThatThrownBy(() -> home().claim("@example.test", NEW)).isInstanceOf(InvalidMailboxPathException.class);
        assertThatThrownBy(() -> home().claim(null, NEW)).isInstanceOf(InvalidMailboxPathException.class);
        assertThat(marker(erin())).isEqualTo(OLD);
        assertThat(home().claim("erin@example.test", NEW)).isEqualTo(erin());
        assertThat(marker(erin())).isEqualTo(NEW);
    }

    @Test
    void anOldMarkerUnsafeAsANameIsMovedUnderASafeName() throws IOException {
        oldMaildir("../evil/x");

        home().claim("example.test", "erin", NEW);

        assertThat(names(mailRoot.resolve(".deleted/example.test"))).containsExactly("erin.___evil_x");
    }

    @Test
    void aLockHeldByAnotherPodIsWaitedForAndTheMarkerReadAgain() throws Exception {
        oldMaildir(OLD);
        Files.createDirectories(erin().getParent());
        LockOutcome held = MaildirLock.acquire(MailboxHome.lockFile(erin()), "other-pod", java.time.Duration.ofSeconds(1));
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            Future<Path> claim = pool.submit(() -> home().claim("example.test", "erin", NEW));
            Thread.sleep(200);
            assertThat(claim).isNotDone();
            // Meanwhile the other pod moved the old Maildir aside and created the new one.
            Files.createDirectories(deletedErin(OLD).getParent());
            Files.move(erin(), deletedErin(OLD));
            Maildir.open(erin(), "other-pod").create().deliver("new/1", message("the new one's first"));
            MarkerMoves.await();
            Files.writeString(erin().resolve(MailboxHome.MARKER), NEW + "\n");
            ((LockOutcome.Acquired) held).lock().close();

            assertThat(claim.get(10, TimeUnit.SECONDS)).isEqualTo(erin());
        } finally {
            pool.shutdownNow();
        }
        assertThat(names(erin().resolve("new"))).hasSize(1);
        assertThat(names(mailRoot.resolve(".deleted/example.test"))).containsExactly("erin." + OLD);
    }

    @Test
    void manyThreadsClaimingTheSameNewIdMoveTheOldMaildirOnceAndNeverTheNewMail() throws Exception {
        String old = oldMaildir(OLD);
        int threads = 8;
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<List<String>>> results = new ArrayList<>();
        try {
            for (int t = 0; t < threads; t++) {
                String name = "t" + t;
                Callable<List<String>> claimer = () -> {
                    go.await();
                    List<String> delivered = new ArrayList<>();
                    for (int i = 0; i < 5; i++) {
                        Path root = new MailboxHome(mailRoot, "pod-" + name).claim("example.test", "erin", NEW);
                        DeliveryOutcome outcome = Maildir.open(root, "pod-" + name).create()
                                .deliver(name + "/" + i, message("new " + name + " " + i));
                        delivered.add(((DeliveryOutcome.Delivered) outcome).name());
                    }
                    return delivered;
                };
                results.add(pool.submit(claimer));
            }
            go.countDown();
            List<String> delivered = new ArrayList<>();
            for (Future<List<String>> result : results) {
                delivered.addAll(result.get(60, TimeUnit.SECONDS));
            }
            MarkerMoves.await();

            assertThat(names(erin().resolve("new"))).containsExactlyInAnyOrderElementsOf(delivered).hasSize(threads * 5);
            assertThat(names(mailRoot.resolve(".deleted/example.test"))).containsExactly("erin." + OLD);
            assertThat(names(deletedErin(OLD).resolve("new"))).containsExactly(old);
            assertThat(marker(erin())).isEqualTo(NEW);
            assertThat(MailboxHome.lockFile(erin())).doesNotExist();
            assertThat(names(erin().getParent())).containsExactly("erin");
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void processesClaimingTheSameNewIdAtOnceMoveTheOldMaildirOnceAndNeverTheNewMail() throws Exception {
        String old = oldMaildir(OLD);
        int count = 4;
        Path start = mailRoot.resolveSibling(mailRoot.getFileName() + ".start");
        List<Process> processes = new ArrayList<>();
        List<String> delivered = new ArrayList<>();
        try {
            for (int p = 0; p < count; p++) {
                processes.add(new ProcessBuilder(javaExecutable(), "-cp", System.getProperty("java.class.path"),
                        "-XX:TieredStopAtLevel=1", MailboxHomeWorker.class.getName(), mailRoot.toString(), "example.test",
                        "erin", NEW, start.toString(), "p" + p).redirectError(ProcessBuilder.Redirect.INHERIT).start());
            }
            List<BufferedReader> outputs = new ArrayList<>();
            for (Process process : processes) {
                BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
                        StandardCharsets.US_ASCII));
                assertThat(out.readLine()).isEqualTo("READY");
                outputs.add(out);
            }
            Files.createFile(start);
            for (int p = 0; p < count; p++) {
                String line;
                while ((line = outputs.get(p).readLine()) != null) {
                    if (line.startsWith("D ")) {
                        String[] parts = line.split(" ");
                        assertThat(Path.of(parts[1])).isEqualTo(erin());
                        delivered.add(parts[2]);
                    }
                }
                assertThat(processes.get(p).waitFor(2, TimeUnit.MINUTES)).isTrue();
                assertThat(processes.get(p).exitValue()).as("claimer exit code").isZero();
            }
        } finally {
            processes.forEach(Process::destroyForcibly);
            Files.deleteIfExists(start);
        }

        assertThat(delivered).hasSize(count * 2);
        assertThat(names(erin().resolve("new"))).containsExactlyInAnyOrderElementsOf(delivered);
        assertThat(names(mailRoot.resolve(".deleted/example.test"))).containsExactly("erin." + OLD);
        assertThat(names(deletedErin(OLD).resolve("new"))).containsExactly(old);
        assertThat(marker(erin())).isEqualTo(NEW);
        assertThat(MailboxHome.lockFile(erin())).doesNotExist();
    }

    private static String javaExecutable() {
        return ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }
}
