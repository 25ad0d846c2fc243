package org.paperpath.maildir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MailboxPathsTest {

    private final Path root = Path.of("/srv/mail");

    @Test
    void aMailboxLivesUnderItsDomainInLowerCase() {
        assertThat(MailboxPaths.resolve(root, "Example.ORG", "Alice.Smith"))
                .isEqualTo(Path.of("/srv/mail/example.org/alice.smith"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", ".", "..", "../etc", "a/b", "a\\b", "a\u0000b", ".hidden", "a..b", "x\nb",
            "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"})
    void hostileLocalPartsAreRefused(String localPart) {
        assertThatThrownBy(() -> MailboxPaths.resolve(root, "example.org", localPart))
                .isInstanceOf(InvalidMailboxPathException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", ".", "..", "../x", "a/b", "a\\b", "-a.org", "a-.org", "a..org", "[127.0.0.1]",
            "exa mple.org", "example.org."})
    void hostileDomainsAreRefused(String domain) {
        assertThatThrownBy(() -> MailboxPaths.resolve(root, domain, "alice"))
                .isInstanceOf(InvalidMailboxPathException.class);
    }

    @Test
    void aNullPartIsRefused() {
        assertThatThrownBy(() -> MailboxPaths.resolve(root, null, "alice")).isInstanceOf(InvalidMailboxPathException.class);
        assertThatThrownBy(() -> MailboxPaths.resolve(root, "example.org", null))
                .isInstanceOf(InvalidMailboxPathException.class);
    }
}
