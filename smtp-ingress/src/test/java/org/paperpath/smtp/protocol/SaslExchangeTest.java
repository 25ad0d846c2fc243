package org.paperpath.smtp.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SaslExchangeTest {

    @Test
    void plainWithAnInitialResponseGivesTheCredentialsAtOnce() {
        SaslExchange.Step step = SaslExchange.start(SaslExchange.Mechanism.PLAIN, Optional.of(b64("\0alice@example.test\0pa ss")));
        assertThat(step).isEqualTo(new SaslExchange.Credentials("alice@example.test", "pa ss"));
        assertThat(step.toString()).doesNotContain("pa ss");
    }

    @Test
    void plainAcceptsAnAuthorizationIdentityOnlyWhenItIsTheUserHimself() {
        assertThat(plain("alice@example.test\0alice@example.test\0secret"))
                .isInstanceOf(SaslExchange.Credentials.class);
        assertThat(plain("bob@example.test\0alice@example.test\0secret")).isInstanceOf(SaslExchange.Failed.class);
        assertThat(plain("alice@example.test\0secret")).isInstanceOf(SaslExchange.Failed.class);
        assertThat(plain("\0\0secret")).isInstanceOf(SaslExchange.Failed.class);
        assertThat(plain("\0alice@example.test\0")).isInstanceOf(SaslExchange.Failed.class);
    }

    @Test
    void loginAsksForUserThenPassword() {
        SaslExchange.Step first = SaslExchange.start(SaslExchange.Mechanism.LOGIN, Optional.empty());
        assertThat(((SaslExchange.Challenge) first).reply().lines()).containsExactly("VXNlcm5hbWU6");
        SaslExchange.Step second = ((SaslExchange.Challenge) first).next().respond(b64("alice@example.test"));
        assertThat(((SaslExchange.Challenge) second).reply().lines()).containsExactly("UGFzc3dvcmQ6");
        assertThat(((SaslExchange.Challenge) second).next().respond(b64("secret")))
                .isEqualTo(new SaslExchange.Credentials("alice@example.test", "secret"));
    }

    @Test
    void starCancelsWith501() {
        SaslExchange.Challenge challenge = (SaslExchange.Challenge) SaslExchange.start(SaslExchange.Mechanism.PLAIN,
                Optional.empty());
        assertThat(challenge.reply().code()).isEqualTo(334);
        assertThat(challenge.next().respond("*")).isEqualTo(new SaslExchange.Failed(SmtpReplies.AUTH_CANCELLED));
    }

    @Test
    void base64IsStrict() {
        assertThat(SaslExchange.decode("c2VjcmV0")).contains("secret");
        assertThat(SaslExchange.decode("=")).contains("");
        assertThat(SaslExchange.decode("c2VjcmV0\t")).isEmpty();
        assertThat(SaslExchange.decode("c2VjcmV")).as("unpadded").isEmpty();
        assertThat(SaslExchange.decode("c2Vj cmV0")).isEmpty();
        assertThat(SaslExchange.decode("c2VjcmV0====")).isEmpty();
        assertThat(SaslExchange.decode("YQ=a")).isEmpty();
        assertThat(SaslExchange.decode("")).isEmpty();
        assertThat(SaslExchange.decode(Base64.getEncoder().encodeToString(new byte[] {(byte) 0xC3, 0x28}))).as("bad UTF-8")
                .isEmpty();
        assertThat(SaslExchange.decode("QUFB".repeat(SaslExchange.MAX_RESPONSE / 4 + 1))).as("too long").isEmpty();
    }

    @Test
    void mechanismNamesAreCaseInsensitiveAndOnlyOurs() {
        assertThat(SaslExchange.mechanism("plain")).contains(SaslExchange.Mechanism.PLAIN);
        assertThat(SaslExchange.mechanism("LOGIN")).contains(SaslExchange.Mechanism.LOGIN);
        assertThat(SaslExchange.mechanism("CRAM-MD5")).isEmpty();
    }

    private static SaslExchange.Step plain(String text) {
        return SaslExchange.start(SaslExchange.Mechanism.PLAIN, Optional.of(b64(text)));
    }

    private static String b64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }
}
