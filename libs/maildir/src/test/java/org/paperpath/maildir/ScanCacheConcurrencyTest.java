package org.paperpath.maildir;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cache never hides another writer's change (issue 3, item 7): a second writer, in another
 * thread or another JVM, delivers, renames and deletes between scans, and every cached scan and
 * listing equals what an uncached one finds; while it writes freely, no UID ever changes.
 */
class ScanCacheConcurrencyTest {

    @TempDir
    Path root;

    private ScanFixture box;
    private final ExecutorService writer = Executors.newSingleThreadExecutor();

    @BeforeEach
    void fixture() {
        box = new ScanFixture(root);
    }

    @AfterEach
    void stop() {
        writer.shutdownNow();
    }

    @Test
    void changesByAnotherThreadBetweenScansAreAlwaysSeen() throws Exception {
        box.seed(30);
        Random random = new Random(7);
        for (int round = 0; round < 60; round++) {
            writer.submit(() -> change(random)).get(30, TimeUnit.SECONDS);
            if (random.nextInt(3) == 0) {
                // Let the cache settle now and then, so that rounds hit it as well as miss it.
                ScanFixture.pause();
                box.scan();
                box.list();
            }

            ScanOutcome.Scanned scanned = box.scan();
            List<MaildirMessage> listed = box.list();

            assertThat(scanned).as("scan in round %d", round).isEqualTo(box.uncachedScan());
            assertThat(listed).as("listing in round %d", round).isEqualTo(box.uncachedList());
        }
        assertThat(box.cache.statCalls()).isPositive();
    }

    @Test
    void whileAnotherThreadWritesNoUidChangesAndTheNextScanAfterItSeesEverything() throws Exception {
        box.seed(30);
        AtomicBoolean done = new AtomicBoolean();
        Random random = new Random(11);
        Future<?> writing = writer.submit(() -> {
            for (int i = 0; i < 150; i++) {
                change(random);
                Thread.sleep(random.nextInt(4));
            }
            done.set(true);
            return null;
        });
        Map<String, Long> uidByBase = new HashMap<>();
        Map<Long, String> baseByUid = new HashMap<>();
        while (!done.get()) {
            record(box.scan(), uidByBase, baseByUid);
            box.list();
        }
        writing.get();

        ScanOutcome.Scanned last = box.scan();

        record(last, uidByBase, baseByUid);
        assertThat(last).isEqualTo(box.uncachedScan());
        assertThat(box.list()).isEqualTo(box.uncachedList());
    }

    @Test
    void changesByAnotherJvmAreSeenWhetherTheCacheHadSettledOrNot() throws Exception {
        List<String> bases = box.seed(20);
        box.warmScan();
        box.warmList();

        foreignJvm("deliver:J1", "flag:" + bases.get(1), "expunge:" + bases.get(2));
        ScanOutcome.Scanned settled = box.scan();
        List<MaildirMessage> settledList = box.list();

        assertThat(settled.messages()).hasSize(20).extracting(UidMessage::baseName).doesNotContain(bases.get(2));
        assertThat(settled).isEqualTo(box.uncachedScan());
        assertThat(settledList).isEqualTo(box.uncachedList());

        // Right after a scan, unsettled: the other JVM also assigns UIDs itself and moves new/ to cur/.
        foreignJvm("deliver:J2", "scan", "flag:" + bases.get(3), "expunge:" + bases.get(4));
        ScanOutcome.Scanned fresh = box.scan();

        assertThat(fresh.messages()).hasSize(20).extracting(UidMessage::baseName).doesNotContain(bases.get(4));
        assertThat(fresh.messages().get(19).uid()).isEqualTo(22);
        assertThat(fresh).isEqualTo(box.uncachedScan());
        assertThat(box.list()).isEqualTo(box.uncachedList());
    }

    /** One random change: a delivery, a flag rename or an expunge. */
    private Void change(Random random) throws IOException {
        List<String> present = baseNames();
        int op = present.isEmpty() ? 0 : random.nextInt(3);
        if (op == 0) {
            box.deliver();
        } else {
            String base = present.get(random.nextInt(present.size()));
            if (op == 1) {
                char flag = "DFRST".charAt(random.nextInt(5));
                FlagUpdater.update(root, base, f -> f.has(flag) ? f.without(flag) : f.with(flag));
            } else {
                FlagUpdater.find(root, base).ifPresent(p -> p.toFile().delete());
            }
        }
        return null;
    }

    private List<String> baseNames() throws IOException {
        List<String> out = new ArrayList<>();
        for (String dir : List.of("new", "cur")) {
            try (Stream<Path> files = Files.list(root.resolve(dir))) {
                files.map(p -> MaildirNames.uniqueName(p.getFileName().toString())).forEach(out::add);
            }
        }
        return out;
    }

    private static void record(ScanOutcome.Scanned scanned, Map<String, Long> uidByBase, Map<Long, String> baseByUid) {
        for (UidMessage m : scanned.messages()) {
            assertThat(uidByBase.merge(m.baseName(), m.uid(), (a, b) -> a)).as("UID of %s", m.baseName()).isEqualTo(m.uid());
            assertThat(baseByUid.merge(m.uid(), m.baseName(), (a, b) -> a)).as("UID %d", m.uid()).isEqualTo(m.baseName());
        }
        assertThat(scanned.messages()).extracting(UidMessage::uid).doesNotHaveDuplicates().isSorted();
    }

    private void foreignJvm(String... operations) throws Exception {
        List<String> command = new ArrayList<>(List.of(javaExecutable(), "-cp", System.getProperty("java.class.path"),
                "-XX:TieredStopAtLevel=1", ForeignWriter.class.getName(), root.toString()));
        command.addAll(List.of(operations));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(out).isZero();
    }

    private static String javaExecutable() {
        return ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }
}
