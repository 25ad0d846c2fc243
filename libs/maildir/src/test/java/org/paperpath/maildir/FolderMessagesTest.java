package org.paperpath.maildir;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Expunge, copy and move between Maildir++ folders, with their {@code maildirsize} deltas. */
class FolderMessagesTest {

    private static final FolderName ARCHIVE = FolderName.parse("Archive", '/');
    private static final FolderName TRASH = FolderName.parse("Trash", '/');

    @TempDir
    Path dir;

    private Path box;
    private FolderStore folders;
    private FolderMessages messages;
    private String base;

    @BeforeEach
    void oneMessageInTheInboxAndTwoFolders() throws IOException {
        box = dir.resolve("box");
        Maildir inbox = Maildir.open(box, "host").create();
        inbox.deliver("q1", new ByteArrayInputStream("Subject: x\n\nhello\n".getBytes(StandardCharsets.US_ASCII)),
                new QuotaPolicy(10_000, 0, 0, 2048, 0, false));
        MarkerMoves.await();
        base = inbox.list().get(0).uniqueName();
        folders = new FolderStore(box, FolderNameEncoding.UTF8);
        folders.create(ARCHIVE);
        folders.create(TRASH);
        messages = new FolderMessages(folders, "host", false);
    }

    private List<String> files(String sub) throws IOException {
        try (Stream<Path> s = Files.list(box.resolve(sub))) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private String maildirsize() throws IOException {
        return Files.readString(box.resolve("maildirsize"), StandardCharsets.US_ASCII);
    }

    @Test
    void aCopyIsAHardLinkUnderANewNameWithTheSameSizesAndFlags() throws IOException {
        FlagUpdater.update(box, base, f -> f.with(MessageFlags.SEEN));

        TransferOutcome outcome = messages.copy(FolderName.INBOX, base, ARCHIVE);

        assertThat(outcome).isInstanceOf(TransferOutcome.Done.class);
        String copy = ((TransferOutcome.Done) outcome).fileName();
        assertThat(files(".Archive/cur")).containsExactly(copy);
        assertThat(MaildirNames.uniqueName(copy)).isNotEqualTo(base).endsWith(",S=18,W=21");
        assertThat(copy).endsWith(":2,S");
        assertThat(Files.isSameFile(box.resolve(".Archive/cur").resolve(copy), FlagUpdater.find(box, base).orElseThrow()))
                .isTrue();
        assertThat(maildirsize()).isEqualTo("10000S\n0 0\n18 1\n18 1\n");
    }

    @Test
    void anUnflaggedMessageIsCopiedIntoNew() throws IOException {
        String copy = ((TransferOutcome.Done) messages.copy(FolderName.INBOX, base, ARCHIVE)).fileName();

        assertThat(files(".Archive/new")).containsExactly(copy);
    }

    @Test
    void keywordsAreCarriedByNameNotByLetter() throws IOException {
        Path archive = box.resolve(".Archive");
        DovecotKeywords.letterFor(archive, "$Other", "host", java.time.Duration.ofSeconds(5));
        char letter = DovecotKeywords.letterFor(box, "$Label1", "host", java.time.Duration.ofSeconds(5)).orElseThrow();
        assertThat(letter).isEqualTo('a');
        FlagUpdater.update(box, base, f -> f.with(letter).with(MessageFlags.FLAGGED));

        String copy = ((TransferOutcome.Done) messages.copy(FolderName.INBOX, base, ARCHIVE)).fileName();

        assertThat(copy).endsWith(":2,Fb");
        assertThat(DovecotKeywords.read(archive)).containsEntry(1, "$Label1");
    }

    @Test
    void aMoveKeepsTheFileNameAndLeavesTheSource() throws IOException {
        TransferOutcome outcome = messages.move(FolderName.INBOX, base, ARCHIVE);

        assertThat(outcome).isEqualTo(new TransferOutcome.Done(base));
        assertThat(files("new")).isEmpty();
        assertThat(files(".Archive/new")).containsExactly(base);
        assertThat(maildirsize()).isEqualTo("10000S\n0 0\n18 1\n");
    }

    @Test
    void movingIntoTrashTakesTheMessageOutOfTheQuotaAndBackIn() throws IOException {
        messages.move(FolderName.INBOX, base, TRASH);
        assertThat(maildirsize()).isEqualTo("10000S\n0 0\n18 1\n-18 -1\n");

        messages.move(TRASH, base, FolderName.INBOX);
        assertThat(maildirsize()).isEqualTo("10000S\n0 0\n18 1\n-18 -1\n18 1\n");
    }

    @Test
    void anExpungeRemovesTheFileWhateverItsFlagsOnceAndAppendsANegativeDelta() throws IOException {
        FlagUpdater.update(box, base, f -> f.with(MessageFlags.TRASHED));

        assertThat(messages.expunge(FolderName.INBOX, base)).isEqualTo(new TransferOutcome.Done(base + ":2,T"));
        assertThat(messages.expunge(FolderName.INBOX, base)).isEqualTo(new TransferOutcome.Gone(base));
        assertThat(files("cur")).isEmpty();
        assertThat(maildirsize()).isEqualTo("10000S\n0 0\n18 1\n-18 -1\n");
    }

    @Test
    void expungingFromTrashLeavesTheQuotaAlone() throws IOException {
        messages.move(FolderName.INBOX, base, TRASH);

        messages.expunge(TRASH, base);

        assertThat(maildirsize()).isEqualTo("10000S\n0 0\n18 1\n-18 -1\n");
    }

    @Test
    void aMissingFolderOrMessageIsAnOutcomeNotAnException() throws IOException {
        FolderName nowhere = FolderName.parse("Nowhere", '/');

        assertThat(messages.copy(FolderName.INBOX, base, nowhere)).isEqualTo(new TransferOutcome.NoSuchFolder(nowhere));
        assertThat(messages.move(nowhere, base, ARCHIVE)).isEqualTo(new TransferOutcome.NoSuchFolder(nowhere));
        assertThat(messages.copy(ARCHIVE, base, FolderName.INBOX)).isEqualTo(new TransferOutcome.Gone(base));
    }
}
