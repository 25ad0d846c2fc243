package org.paperpath.maildir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UidlistFileTest {

    /** The example of Dovecot's "Maildir mailbox format" documentation. */
    private static final String DOVECOT_EXAMPLE = """
            3 V1275660208 N25022 G3085f01b7f11094c501100008c4a11c1
            25006 :1276528487.M364837P9451.kurkku,S=1355,W=1394
            25017 W2481 :1276533073.M242911P3632.kurkku,S=2451
            25018 W2467 :1276533074.M242911P3632.kurkku,S=2451
            """;

    @TempDir
    Path dir;

    private Uidlist read(String text) throws IOException {
        Path file = dir.resolve(UidlistFile.NAME);
        Files.writeString(file, text);
        return UidlistFile.read(file).orElseThrow().uidlist();
    }

    @Test
    void dovecotsVersion3ExampleIsReadWithItsExtensions() throws IOException {
        Uidlist list = read(DOVECOT_EXAMPLE);

        assertThat(list.uidValidity()).isEqualTo(1275660208L);
        assertThat(list.guid()).isEqualTo("3085f01b7f11094c501100008c4a11c1");
        assertThat(list.entries()).containsExactly(
                UidlistEntry.of(25006, "1276528487.M364837P9451.kurkku,S=1355,W=1394"),
                new UidlistEntry(25017, "W2481", "1276533073.M242911P3632.kurkku,S=2451"),
                new UidlistEntry(25018, "W2467", "1276533074.M242911P3632.kurkku,S=2451"));
        assertThat(list.nextUid()).isEqualTo(25022);
    }

    @Test
    void writingWhatWasReadGivesTheSameBytes() throws IOException {
        Uidlist list = read(DOVECOT_EXAMPLE);
        Path copy = dir.resolve("copy");

        UidlistFile.write(copy, list);

        assertThat(Files.readString(copy)).isEqualTo(DOVECOT_EXAMPLE);
    }

    @Test
    void nextUidIsTheLastAppendedUidPlusOneWhenTheHeaderLagsBehind() throws IOException {
        Uidlist list = read("3 V7 N3\n1 :a\n2 :b\n5 :c\n");

        assertThat(list.nextUid()).isEqualTo(6);
        assertThat(list.guid()).isEmpty();
    }

    @Test
    void appendedLinesFollowTheFormatAndAreReadBack() throws IOException {
        Path file = dir.resolve(UidlistFile.NAME);
        UidlistFile.write(file, new Uidlist(42, 1, "00112233445566778899aabbccddeeff", List.of()));

        UidlistFile.append(file, List.of(UidlistEntry.of(1, "1.M1P1.h,S=3"), UidlistEntry.of(2, "2.M1P1.h")));

        assertThat(Files.readString(file)).isEqualTo(
                "3 V42 N1 G00112233445566778899aabbccddeeff\n1 :1.M1P1.h,S=3\n2 :2.M1P1.h\n");
        assertThat(UidlistFile.read(file).orElseThrow().uidlist().nextUid()).isEqualTo(3);
    }

    @Test
    void version1AndItsInfoSuffixesAreReadAsBaseNames() throws IOException {
        Uidlist list = read("1 1100000000 8\n3 1.M1P1.h:2,S\n7 2.M1P1.h\n");

        assertThat(list.uidValidity()).isEqualTo(1100000000L);
        assertThat(list.entries()).containsExactly(UidlistEntry.of(3, "1.M1P1.h"), UidlistEntry.of(7, "2.M1P1.h"));
        assertThat(list.nextUid()).isEqualTo(8);
    }

    @Test
    void aTornLastLineIsIgnoredAndReported() throws IOException {
        Path file = dir.resolve(UidlistFile.NAME);
        Files.writeString(file, "3 V7 N2\n1 :a\n2 :b");

        UidlistFile.ReadResult read = UidlistFile.read(file).orElseThrow();

        assertThat(read.torn()).isTrue();
        assertThat(read.uidlist().entries()).containsExactly(UidlistEntry.of(1, "a"));
    }

    @Test
    void aMissingFileReadsAsEmpty() throws IOException {
        assertThat(UidlistFile.read(dir.resolve("none"))).isEmpty();
    }

    @Test
    void malformedFilesAreRejectedWithTheReason() {
        assertThatThrownBy(() -> read("")).isInstanceOf(MalformedUidlistException.class).hasMessageContaining("no header");
        assertThatThrownBy(() -> read("2 V1 N1\n")).hasMessageContaining("unsupported version 2");
        assertThatThrownBy(() -> read("3 V0 N1\n")).hasMessageContaining("UIDVALIDITY");
        assertThatThrownBy(() -> read("3 V1 N1\n2 :a\n1 :b\n")).hasMessageContaining("not ascending");
        assertThatThrownBy(() -> read("3 V1 N1\nx :a\n")).isInstanceOf(MalformedUidlistException.class);
        assertThatThrownBy(() -> read("3 V1 N1\n1 a\n")).hasMessageContaining("no ':<filename>'");
    }
}
