package org.paperpath.maildir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FlagsAndKeywordsTest {

    @TempDir
    Path folder;

    private Path message(String fileName) throws IOException {
        for (String dir : List.of("tmp", "new", "cur")) {
            Files.createDirectories(folder.resolve(dir));
        }
        return Files.writeString(folder.resolve(fileName), "x\n");
    }

    private List<String> cur() throws IOException {
        try (Stream<Path> files = Files.list(folder.resolve("cur"))) {
            return files.map(p -> p.getFileName().toString()).toList();
        }
    }

    @Test
    void flagsAreKeptInAsciiOrderWithKeywordsAfterSystemFlags() {
        assertThat(MessageFlags.of("baTSFRDP").chars()).isEqualTo("DFPRSTab");
        assertThat(MessageFlags.of("SS").fileName("1.M1P1.h")).isEqualTo("1.M1P1.h:2,S");
        assertThat(MessageFlags.ofFileName("1.M1P1.h,S=3:2,cSa")).isEqualTo(MessageFlags.of("Sac"));
        assertThat(MessageFlags.ofFileName("1.M1P1.h")).isEqualTo(MessageFlags.none());
        assertThat(MessageFlags.of("S").with('F').without('S').chars()).isEqualTo("F");
        assertThat(MessageFlags.keywordLetter(0)).isEqualTo('a');
        assertThat(MessageFlags.keywordLetter(25)).isEqualTo('z');
        assertThatThrownBy(() -> MessageFlags.of("S/")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> MessageFlags.keywordLetter(26)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aFlagChangeIsOneRenameIntoCurKeepingTheBaseName() throws IOException {
        message("new/1.M1P1.h,S=2");

        FlagOutcome first = FlagUpdater.update(folder, "1.M1P1.h,S=2", f -> f.with('S'));
        FlagOutcome second = FlagUpdater.update(folder, "1.M1P1.h,S=2", f -> f.with('F').with('a'));
        FlagOutcome same = FlagUpdater.update(folder, "1.M1P1.h,S=2", f -> f.with('S'));

        assertThat(first).isEqualTo(new FlagOutcome.Changed("1.M1P1.h,S=2:2,S"));
        assertThat(second).isEqualTo(new FlagOutcome.Changed("1.M1P1.h,S=2:2,FSa"));
        assertThat(same).isEqualTo(new FlagOutcome.Unchanged("1.M1P1.h,S=2:2,FSa"));
        assertThat(cur()).containsExactly("1.M1P1.h,S=2:2,FSa");
        assertThat(FlagUpdater.update(folder, "2.M1P1.h", f -> f.with('S'))).isEqualTo(new FlagOutcome.Gone("2.M1P1.h"));
    }

    @Test
    void concurrentFlagChangesOfOneMessageAreAllKept() throws Exception {
        message("cur/1.M1P1.h:2,");
        String letters = "DFPRTabcdefgh";
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<FlagOutcome>> futures = new ArrayList<>();
            for (char c : letters.toCharArray()) {
                futures.add(pool.submit(() -> FlagUpdater.update(folder, "1.M1P1.h", f -> f.with(c))));
            }
            for (Future<FlagOutcome> f : futures) {
                assertThat(f.get()).isInstanceOf(FlagOutcome.Changed.class);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(cur()).containsExactly("1.M1P1.h:2," + letters);
    }

    @Test
    void keywordsGetTheLowestFreeLetterAndAreWrittenAsDovecotDoes() throws IOException {
        Files.writeString(folder.resolve("dovecot-keywords"), "0 $Junk\n2 Work\n");

        assertThat(DovecotKeywords.letterFor(folder, "Work", "h", Duration.ofSeconds(1))).contains('c');
        assertThat(DovecotKeywords.letterFor(folder, "$Label1", "h", Duration.ofSeconds(1))).contains('b');
        assertThat(DovecotKeywords.letterFor(folder, "Home", "h", Duration.ofSeconds(1))).contains('d');
        assertThat(DovecotKeywords.letterOf(folder, "missing")).isEmpty();

        assertThat(Files.readString(folder.resolve("dovecot-keywords"))).isEqualTo("0 $Junk\n1 $Label1\n2 Work\n3 Home\n");
        assertThat(folder.resolve("dovecot-keywords.lock")).doesNotExist();
    }

    @Test
    void aTwentySeventhKeywordHasNoLetterAndNonAtomsAreRefused() throws IOException {
        for (int i = 0; i < 26; i++) {
            assertThat(DovecotKeywords.letterFor(folder, "k" + i, "h", Duration.ofSeconds(1))).contains((char) ('a' + i));
        }
        assertThat(DovecotKeywords.letterFor(folder, "k26", "h", Duration.ofSeconds(1))).isEqualTo(Optional.empty());
        for (String bad : List.of("", "a b", "\\Seen", "x(", "caf\u00e9", "a\nb")) {
            assertThatThrownBy(() -> DovecotKeywords.letterFor(folder, bad, "h", Duration.ofSeconds(1)))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }
    @Test
    void forwardedIsAKeywordLetterAsDovecotStoresItNeverTheInfoFlagP() throws IOException {
        message("cur/1.M1P1.h,S=2:2,S");

        char forwarded = FlagUpdater.letterFor(folder, "$Forwarded", "h", Duration.ofSeconds(1)).orElseThrow();
        FlagOutcome outcome = FlagUpdater.update(folder, "1.M1P1.h,S=2", f -> f.with(forwarded));

        assertThat(forwarded).isEqualTo('a');
        assertThat(Files.readString(folder.resolve("dovecot-keywords"))).isEqualTo("0 $Forwarded\n");
        assertThat(outcome).isEqualTo(new FlagOutcome.Changed("1.M1P1.h,S=2:2,Sa"));
        assertThat(MessageFlags.systemLetter("$Forwarded")).isEmpty();
    }

    @Test
    void systemFlagsMapToTheirLettersInAnyCaseAndTouchNoKeywordFile() throws IOException {
        assertThat(FlagUpdater.letterFor(folder, "\\Seen", "h", Duration.ofSeconds(1))).contains(MessageFlags.SEEN);
        assertThat(FlagUpdater.letterFor(folder, "\\ANSWERED", "h", Duration.ofSeconds(1))).contains(MessageFlags.REPLIED);
        assertThat(FlagUpdater.letterFor(folder, "\\deleted", "h", Duration.ofSeconds(1))).contains(MessageFlags.TRASHED);
        assertThat(FlagUpdater.letterFor(folder, "\\Draft", "h", Duration.ofSeconds(1))).contains(MessageFlags.DRAFT);
        assertThat(FlagUpdater.letterFor(folder, "\\Flagged", "h", Duration.ofSeconds(1))).contains(MessageFlags.FLAGGED);
        assertThat(folder.resolve("dovecot-keywords")).doesNotExist();
        assertThatThrownBy(() -> FlagUpdater.letterFor(folder, "\\Recent", "h", Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
        for (char letter : "DFRST".toCharArray()) {
            assertThat(MessageFlags.systemLetter(MessageFlags.systemFlag(letter).orElseThrow())).contains(letter);
        }
    }

    @Test
    void aPassedFlagFoundOnDiskIsKeptThroughChangesAndReadAsPassedNotForwarded() throws IOException {
        message("cur/1.M1P1.h,S=2:2,P");

        FlagOutcome seen = FlagUpdater.update(folder, "1.M1P1.h,S=2", f -> f.with(MessageFlags.SEEN));
        char forwarded = FlagUpdater.letterFor(folder, "$Forwarded", "h", Duration.ofSeconds(1)).orElseThrow();
        FlagOutcome unforwarded = FlagUpdater.update(folder, "1.M1P1.h,S=2", f -> f.without(forwarded));

        assertThat(seen).isEqualTo(new FlagOutcome.Changed("1.M1P1.h,S=2:2,PS"));
        assertThat(unforwarded).isEqualTo(new FlagOutcome.Unchanged("1.M1P1.h,S=2:2,PS"));
        MessageFlags flags = MessageFlags.ofFileName(cur().get(0));
        assertThat(flags.has(MessageFlags.PASSED)).isTrue();
        assertThat(flags.has(forwarded)).isFalse();
        assertThat(MessageFlags.systemFlag(MessageFlags.PASSED)).as("Dovecot shows no IMAP flag for P").isEmpty();
    }
}
