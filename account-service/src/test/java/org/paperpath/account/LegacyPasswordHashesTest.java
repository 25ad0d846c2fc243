package org.paperpath.account;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Imported hashes made by other tools (Dovecot's doveadm pw, glibc crypt(3), openssl passwd). */
class LegacyPasswordHashesTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "{BLF-CRYPT}$2y$04$kwb4qO8ejfioNSozlN2G8uDDPasKNLIMu3WBeFqPsnTr9PVXdCIx.|old vmail secret",
            "{SHA512-CRYPT}$6$s8P0QFoAV3xWQn4O$2WIZwSUFohcvE5zPKYi2Isjp7Wuo676x9xHeTWHgqwjYdJhs7IM6u4njApaMGrb08WM87mZwDz6C.X6RvAQT70|old vmail secret",
            "{MD5-CRYPT}$1$YE3RsP1T$./o4K6lo4MhZthqOsue1K.|old vmail secret",
            "{CRYPT}$2y$05$Mxuo.pA74TaNgBgyGhZatew.IUAA6XMlbm.5zv3oLs5phexYVmqJq|oldpass1",
            "{CRYPT}$1$abcdefgh$A/gc4jIstBuF4GvHlA/Xr/|old vmail secret",
            "{CRYPT}xybh709KxJPRE|vmailmgr",
            "{CRYPT}$5$saltsalt$SsxQYu7qXpT9GRN2N57Xj/kGJS.npQaHAmjWSl9EEcA|old vmail secret",
            "{CRYPT}$6$rounds=5000$saltsalt$g08r.FdiAy52ycEcufZd9cLN0KnKpdm8YHCzkLxHmCCxejpSODTTqJIVIzR5hlgI/H804Va6OIKsdpBK0lzb50|old vmail secret",
            "$2y$04$kwb4qO8ejfioNSozlN2G8uDDPasKNLIMu3WBeFqPsnTr9PVXdCIx.|old vmail secret"})
    void anImportedHashVerifiesItsPasswordAndNoOther(String imported, String password) {
        String stored = LegacyPasswordHashes.parse(imported).orElseThrow();

        assertThat(stored).doesNotStartWith("{");
        assertThat(LegacyPasswordHashes.isLegacy(stored)).isTrue();
        assertThat(LegacyPasswordHashes.matches(password, stored)).isTrue();
        assertThat(LegacyPasswordHashes.matches("x" + password, stored)).isFalse();
        assertThat(LegacyPasswordHashes.matches("", stored)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "plaintext", "{PLAIN}secret", "{MD5-CRYPT}$6$saltsalt$abc", "{SHA512-CRYPT}$1$YE3RsP1T$./o4K6lo4MhZthqOsue1K.",
            "{BLF-CRYPT}$1$YE3RsP1T$./o4K6lo4MhZthqOsue1K.", "{CRYPT}short", "{CRYPT", "xybh709KxJPRE",
            "$argon2id$v=19$m=16384,t=2,p=1$c2FsdA$aGFzaA", "{CRYPT}$1$YE3RsP1T$./o4K6lo4MhZthqOsue1K.\nextra"})
    void anythingElseIsRefused(String imported) {
        assertThat(LegacyPasswordHashes.parse(imported)).isEmpty();
    }
}
