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

    /** A folder as another server makes it: {@code dirName} with tmp/, new/, cur/ and the marker. */
    private Path foreignFolder(String dirName) throws IOException {
        Path dir = root.resolve(dirName);
        for (String sub : List.of("tmp", "new", "cur")) {
            Files.createDirectories(dir.resolve(sub));
        }
        Files.createFile(dir.resolve(FolderStore.MARKER));
        return dir;
    }

    private static FolderName found(String... components) {
        return FolderName.fromDisk(List.of(components));
    }

    @Test
    void foldersAnotherServerNamedAreListedScannedRenamedWithTheirParentAndDeleted() throws IOException {
        FolderStore store = utf8();
        foreignFolder(".Trail ");
        foreignFolder(".Back\\slash");
        foreignFolder(".Star*");
        foreignFolder(".Parent");
        foreignFolder(".Parent.Trail ");
        foreignFolder(".Parent. Lead%");
        Files.writeString(root.resolve(".Trail /cur/1.M1P1.h,S=2:2,S"), "x\n");
        Files.writeString(root.resolve(".Parent.Trail /new/2.M2P2.h,S=2"), "y\n");

        assertThat(listing(store)).containsExactly(
                Map.entry("INBOX", Set.of("\\HasChildren")),
                Map.entry("Back\\slash", Set.of("\\HasNoChildren")),
                Map.entry("Parent", Set.of("\\HasChildren")),
                Map.entry("Parent/ Lead%", Set.of("\\HasNoChildren")),
                Map.entry("Parent/Trail ", Set.of("\\HasNoChildren")),
                Map.entry("Star*", Set.of("\\HasNoChildren")),
                Map.entry("Trail ", Set.of("\\HasNoChildren")));

        UidScanner scanner = new UidScanner(root, "h", Duration.ofSeconds(5));
        ScanOutcome.Scanned trail = (ScanOutcome.Scanned) scanner.scan(store.existing(found("Trail ")).orElseThrow());
        assertThat(trail.messages()).extracting(UidMessage::baseName).containsExactly("1.M1P1.h,S=2");
        FolderMessages messages = new FolderMessages(store, "h", false);
        assertThat(messages.move(found("Trail "), "1.M1P1.h,S=2", found("Star*"))).isInstanceOf(TransferOutcome.Done.class);
        assertThat(root.resolve(".Star*/cur/1.M1P1.h,S=2:2,S")).hasContent("x\n");

        assertThat(store.rename(name("Parent"), name("Renamed"))).isEqualTo(new FolderOutcome.Done(name("Renamed")));
        assertThat(rootEntries()).contains(".Renamed", ".Renamed.Trail ", ".Renamed. Lead%")
                .noneMatch(entry -> entry.startsWith(".Parent"));
        assertThat(root.resolve(".Renamed.Trail /new/2.M2P2.h,S=2")).hasContent("y\n");
        ScanOutcome.Scanned carried = (ScanOutcome.Scanned) scanner.scan(
                store.existing(found("Renamed", "Trail ")).orElseThrow());
        assertThat(carried.messages()).extracting(UidMessage::baseName).containsExactly("2.M2P2.h,S=2");

        assertThat(store.rename(found("Trail "), name("Trimmed"))).isEqualTo(new FolderOutcome.Done(name("Trimmed")));
        assertThat(store.delete(found("Back\\slash"))).isEqualTo(new FolderOutcome.Done(found("Back\\slash")));
        assertThat(store.delete(found("Star*"))).isEqualTo(new FolderOutcome.Done(found("Star*")));
        assertThat(rootEntries()).filteredOn(entry -> entry.startsWith("."))
                .containsExactly(".Renamed", ".Renamed. Lead%", ".Renamed.Trail ", ".Trimmed");
    }

    @Test
    void aNameAnotherServerMayUseIsStillRefusedWhenPaperpathIsAskedToCreateIt() throws IOException {
        FolderStore store = utf8();
        store.create(name("Mine"));

        for (FolderName foreign : List.of(found("Trail "), found(" Lead"), found("Back\\slash"), found("Star*"),
                found("Per%cent"), found("Bell\u0007"))) {
            assertThat(store.create(foreign)).as("create %s", foreign).isInstanceOf(FolderOutcome.Refused.class);
            assertThat(store.rename(name("Mine"), foreign)).as("rename to %s", foreign)
                    .isInstanceOf(FolderOutcome.Refused.class);
        }
        assertThat(rootEntries()).containsExactly(".Mine");
    }

    @Test
    void aSymbolicLinkNamedLikeAFolderIsNeverFollowedListedReplacedOrDeletedThrough(@TempDir Path elsewhere)
            throws IOException {
        FolderStore store = utf8();
        for (String sub : List.of("tmp", "new", "cur")) {
            Files.createDirectories(elsewhere.resolve(sub));
        }
        Path secret = Files.writeString(elsewhere.resolve("cur/9.M9P9.h,S=7:2,S"), "secret\n");
        Files.createSymbolicLink(root.resolve(".Evil"), elsewhere);
        Files.createSymbolicLink(root.resolve(".Dangling"), elsewhere.resolve("missing"));
        store.create(name("Parent"));
        Files.createSymbolicLink(root.resolve(".Parent.Link"), elsewhere);
        foreignFolder(".Mine");
        Files.writeString(root.resolve(".Mine/cur/1.M1P1.h,S=2:2,"), "x\n");

        assertThat(listing(store).keySet()).containsExactly("INBOX", "Mine", "Parent");
        assertThat(store.existing(name("Evil"))).isEmpty();
        assertThat(store.delete(name("Evil"))).isEqualTo(new FolderOutcome.NotFound(name("Evil")));
        assertThat(store.create(name("Evil"))).isInstanceOf(FolderOutcome.Refused.class);
        assertThat(store.create(name("Dangling"))).isInstanceOf(FolderOutcome.Refused.class);
        assertThat(store.rename(name("Mine"), name("Evil"))).isInstanceOf(FolderOutcome.Refused.class);
        assertThat(store.rename(name("Evil"), name("Taken"))).isEqualTo(new FolderOutcome.NotFound(name("Evil")));
        FolderMessages messages = new FolderMessages(store, "h", false);
        assertThat(messages.copy(name("Mine"), "1.M1P1.h,S=2", name("Evil")))
                .isEqualTo(new TransferOutcome.NoSuchFolder(name("Evil")));
        assertThat(messages.expunge(name("Evil"), "9.M9P9.h,S=7")).isEqualTo(new TransferOutcome.NoSuchFolder(name("Evil")));
        assertThat(store.rename(name("Parent"), name("Moved"))).isEqualTo(new FolderOutcome.Done(name("Moved")));

        assertThat(secret).hasContent("secret\n");
        try (Stream<Path> files = Files.list(elsewhere.resolve("cur"))) {
            assertThat(files).containsExactly(secret);
        }
        assertThat(root.resolve(".Evil")).isSymbolicLink();
        assertThat(root.resolve(".Parent.Link")).as("a link is not a child to carry").isSymbolicLink();
        assertThat(rootEntries()).containsExactly(".Dangling", ".Evil", ".Mine", ".Moved", ".Parent.Link");
    }

    @Test
    void dotDotLikeDirectoryNamesAreNotFolders() throws IOException {
        for (String dirName : List.of("...", "..hidden", ".a..b", ".x.", ".&AC4-")) {
            foreignFolder(dirName);
        }

        assertThat(listing(utf8()).keySet()).containsExactly("INBOX", "&AC4-");
        assertThat(listing(new FolderStore(root, FolderNameEncoding.MODIFIED_UTF7)).keySet())
                .as("'.' spelled in modified UTF-7 is not a component").containsExactly("INBOX");
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
