package org.paperpath.maildir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class FolderNameTest {

    @Test
    void namesSplitAtTheDelimiterAndInboxIsCaseInsensitive() {
        assertThat(FolderName.parse("Archive/2024/Q1", '/').components()).containsExactly("Archive", "2024", "Q1");
        assertThat(FolderName.parse("inBox", '/')).isEqualTo(FolderName.INBOX);
        assertThat(FolderName.parse("INBOX/Sub", '/').components()).containsExactly("INBOX", "Sub");
        assertThat(FolderName.parse("Entw\u00fcrfe", '/').toString('/')).isEqualTo("Entw\u00fcrfe");
        assertThat(FolderName.parse("R&D", '/').components()).containsExactly("R&D");
        assertThat(FolderName.parse("A", '/').isAncestorOf(FolderName.parse("A/B", '/'))).isTrue();
        assertThat(FolderName.parse("A", '/').isAncestorOf(FolderName.parse("AB", '/'))).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "/", "A//B", "..", "../x", ".hidden", "a.b", "a\\b", "a\u0000b", "a\nb", "a\u0085b",
        "a\u007fb", "*", "a%", " lead", "trail ", "x/\ud800", "\udc00y"})
    void hostileNamesAreRefused(String name) {
        assertThatThrownBy(() -> FolderName.parse(name, '/')).isInstanceOf(InvalidFolderNameException.class);
    }

    @Test
    void aSupplementaryCharacterIsAValidName() {
        assertThat(FolderName.parse("\ud83d\udce8", '/').components()).containsExactly("\ud83d\udce8");
    }

    @ParameterizedTest
    @ValueSource(strings = {"Trail ", " Lead", "Back\\slash", "Star*", "Per%cent", "Tab\tbed", "a\u0085b"})
    void namesAnotherServerCreatedAreTakenFromDiskButNeverParsedFromAClient(String component) {
        FolderName found = FolderName.fromDisk(List.of("Parent", component));

        assertThat(found.components()).containsExactly("Parent", component);
        assertThat(found.creationProblem()).isPresent();
        assertThat(found).isEqualTo(FolderName.fromDisk(List.of("Parent", component)));
        assertThatThrownBy(() -> FolderName.parse("Parent/" + component, '/')).isInstanceOf(InvalidFolderNameException.class);
        assertThat(FolderName.parse("Parent/Child", '/').creationProblem()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", ".", "..", ".hidden", "a.b", "a/b", "/", "a\u0000b", "x\ud800", "\udc00y"})
    void evenFromDiskAComponentMustBeOneSafePieceOfADirectoryName(String component) {
        assertThatThrownBy(() -> FolderName.fromDisk(List.of(component))).isInstanceOf(InvalidFolderNameException.class);
        assertThatThrownBy(() -> FolderName.fromDisk(List.of("Ok", component))).isInstanceOf(InvalidFolderNameException.class);
    }

    @Test
    void noComponentsFromDiskIsTheInbox() {
        assertThat(FolderName.fromDisk(List.of())).isSameAs(FolderName.INBOX);
    }
}
