package org.paperpath.maildir;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FolderStoreTest {

    @TempDir
    Path root;

    private FolderStore utf8() {
        return new FolderStore(root, FolderNameEncoding.UTF8);
    }

    private static FolderName name(String slashSeparated) {
        return FolderName.parse(slashSeparated, '/');
    }

    private Map<String, Set<String>> listing(FolderStore store) throws IOException {
        Map<String, Set<String>> out = new LinkedHashMap<>();
        for (FolderInfo info : store.list()) {
            out.put(info.name().toString('/'), info.attributes().stream().map(FolderInfo.Attribute::imap)
                    .collect(java.util.stream.Collectors.toSet()));
        }
        return out;
    }

    private List<String> rootEntries() throws IOException {
        try (Stream<Path> files = Files.list(root)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void aFolderIsADotDirectoryWithItsOwnMaildirAndTheMarker() throws IOException {
        FolderOutcome outcome = utf8().create(name("Archive/2024"));

        assertThat(outcome).isEqualTo(new FolderOutcome.Done(name("Archive/2024")));
        Path dir = root.resolve(".Archive.2024");
        assertThat(dir.resolve("maildirfolder")).isEmptyFile();
        assertThat(dir.resolve("cur")).isDirectory();
        assertThat(dir.resolve("new")).isDirectory();
        assertThat(dir.resolve("tmp")).isDirectory();
        assertThat(rootEntries()).containsExactly(".Archive.2024");
        assertThat(utf8().create(name("Archive/2024"))).isInstanceOf(FolderOutcome.AlreadyExists.class);
        assertThat(utf8().create(FolderName.INBOX)).isInstanceOf(FolderOutcome.AlreadyExists.class);
    }

    @Test
    void listingShowsChildAttributesAndImpliedParentsAsNonExistent() throws IOException {
        FolderStore store = utf8();
        store.create(name("A/B"));
        store.create(name("A/B/C"));
        store.create(name("Sent"));
        Files.createDirectories(root.resolve(".&AC8-x"));
        Files.createDirectories(root.resolve("not-a-folder"));

        assertThat(listing(store)).containsExactly(
                Map.entry("INBOX", Set.of("\\HasChildren")),
                Map.entry("&AC8-x", Set.of("\\HasNoChildren")),
                Map.entry("A", Set.of("\\HasChildren", "\\NonExistent")),
                Map.entry("A/B", Set.of("\\HasChildren")),
                Map.entry("A/B/C", Set.of("\\HasNoChildren")),
                Map.entry("Sent", Set.of("\\HasNoChildren")));
    }

    @Test
    void namesAreUtf8OnDiskByDefaultAndModifiedUtf7AsAnOption() throws IOException {
        utf8().create(name("Entw\u00fcrfe"));
        new FolderStore(root, FolderNameEncoding.MODIFIED_UTF7).create(name("\u53f0\u5317"));
        Path slashTrick = Files.createDirectories(root.resolve(".&AC8-etc"));

        assertThat(rootEntries()).containsExactly(".&AC8-etc", ".&U,BTFw-", ".Entw\u00fcrfe");
        Files.delete(slashTrick);
        assertThat(listing(new FolderStore(root, FolderNameEncoding.MODIFIED_UTF7)).keySet())
                .containsExactly("INBOX", "\u53f0\u5317");
        Files.createDirectories(slashTrick);
        assertThat(listing(new FolderStore(root, FolderNameEncoding.MODIFIED_UTF7)).keySet())
                .as("an encoded '/' is not canonical and never becomes a folder").doesNotContain("/etc");
    }

    @Test
    void deletingAFolderRemovesItAtOnceAndKeepsItsChildren() throws IOException {
        FolderStore store = utf8();
        store.create(name("A"));
        store.create(name("A/B"));
        Files.writeString(root.resolve(".A/cur/1.M1P1.h:2,S"), "x");

        assertThat(store.delete(name("A"))).isEqualTo(new FolderOutcome.Done(name("A")));
        assertThat(store.delete(name("A"))).isEqualTo(new FolderOutcome.NotFound(name("A")));
        assertThat(store.delete(FolderName.INBOX)).isInstanceOf(FolderOutcome.Refused.class);
        assertThat(rootEntries()).containsExactly(".A.B");
    }

    @Test
    void renamingMovesTheWholeSubtreeWithItsMessages() throws IOException {
        FolderStore store = utf8();
        store.create(name("A"));
        store.create(name("A/B"));
        store.create(name("AB"));
        Files.writeString(root.resolve(".A.B/cur/1.M1P1.h:2,S"), "x");

        assertThat(store.rename(name("A"), name("X/Y"))).isEqualTo(new FolderOutcome.Done(name("X/Y")));

        assertThat(rootEntries()).containsExactly(".AB", ".X.Y", ".X.Y.B");
        assertThat(root.resolve(".X.Y.B/cur/1.M1P1.h:2,S")).hasContent("x");
    }

    @Test
    void renameRefusesExistingTargetsMissingSourcesAndItsOwnSubtree() throws IOException {
        FolderStore store = utf8();
        store.create(name("A"));
        store.create(name("A/B"));
        store.create(name("C/B"));

        assertThat(store.rename(name("A"), name("C"))).isEqualTo(new FolderOutcome.AlreadyExists(name("C/B")));
        assertThat(store.rename(name("Z"), name("Y"))).isEqualTo(new FolderOutcome.NotFound(name("Z")));
        assertThat(store.rename(name("A"), name("A/B/C"))).isInstanceOf(FolderOutcome.Refused.class);
        assertThat(store.rename(FolderName.INBOX, name("Old"))).isInstanceOf(FolderOutcome.Refused.class);
        assertThat(rootEntries()).containsExactly(".A", ".A.B", ".C.B");
    }

    @Test
    void aNameTooLongForOneDirectoryIsRefusedNotTruncated() throws IOException {
        FolderName longName = name("\u00e9".repeat(100) + "/" + "x".repeat(60));

        assertThat(utf8().create(longName)).isInstanceOf(FolderOutcome.Refused.class);
        assertThat(rootEntries()).isEmpty();
    }

    @Test
    void subscriptionsAreWrittenInDovecotsVersion2Format() throws IOException {
        Subscriptions subscriptions = new Subscriptions(root, "h", Duration.ofSeconds(1));

        assertThat(subscriptions.subscribe(name("Archive/2024"))).isTrue();
        assertThat(subscriptions.subscribe(FolderName.INBOX)).isTrue();
        assertThat(subscriptions.subscribe(name("Archive/2024"))).isTrue();
        assertThat(subscriptions.subscribe(name("Entw\u00fcrfe"))).isTrue();
        assertThat(subscriptions.unsubscribe(FolderName.INBOX)).isTrue();

        assertThat(Files.readString(root.resolve("subscriptions"))).isEqualTo("V\t2\n\nArchive\t2024\nEntw\u00fcrfe\n");
        assertThat(subscriptions.read()).containsExactly(name("Archive/2024"), name("Entw\u00fcrfe"));
        assertThat(rootEntries()).containsExactly("subscriptions");
    }

    @Test
    void version1SubscriptionsAreReadAndHostileLinesSkipped() throws IOException {
        Files.writeString(root.resolve("subscriptions"), "INBOX\nA.B\n../etc\n\n");

        assertThat(new Subscriptions(root, "h", Duration.ofSeconds(1)).read()).containsExactly(FolderName.INBOX, name("A/B"));
    }
}
