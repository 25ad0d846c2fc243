package org.paperpath.smtp.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.paperpath.smtp.server.SmtpTestChannels.received;
import static org.paperpath.smtp.server.SmtpTestChannels.send;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.paperpath.protocol.server.NetworkList;
import org.paperpath.smtp.FakeAuthenticator;
import org.paperpath.smtp.auth.AuthThrottle;
import org.paperpath.smtp.protocol.SmtpSettings;
import org.paperpath.smtp.queue.InMemoryMessageSink;

/**
 * AUTH failures slow the replies down on the event loop's clock (frozen here), then stop AUTH from
 * the client that failed; failures from elsewhere never stop the account's AUTH. The client here is
 * {@link SmtpTestChannels#CLIENT}.
 */
class AuthThrottlingTest {

    private static final String WRONG = "AUTH PLAIN " + plain(FakeAuthenticator.USER, "wrong") + "\r\n";
    private static final String RIGHT = "AUTH PLAIN " + plain(FakeAuthenticator.USER, FakeAuthenticator.PASSWORD)
            + "\r\n";

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final FakeAuthenticator authenticator = new FakeAuthenticator();
    private final AuthThrottle throttle = new AuthThrottle(new AuthThrottle.Limits(10, 2, Duration.ofMinutes(15),
            Duration.ofSeconds(1), Duration.ofSeconds(8)), Clock.systemUTC());
    private EmbeddedChannel channel;

    @BeforeEach
    void connect() {
        ListenerSecurity security = new ListenerSecurity(Optional.empty(), false, Optional.of(authenticator),
                "submission", true, NetworkList.parse(List.of("192.0.2.0/24"), "test"), NetworkList.none(),
                Runnable::run, throttle);
        SmtpSettings settings = new SmtpSettings(SmtpTestChannels.HOSTNAME, 1000, 10, 10);
        channel = SmtpTestChannels.open(settings, SmtpTestChannels.directory(true), new InMemoryMessageSink(), meters,
                new ConnectionLimiter(100, 10, new SmtpMetrics(meters)), security);
        channel.freezeTime();
        send(channel, "EHLO client.test\r\n");
        assertThat(received(channel)).contains("250 AUTH PLAIN LOGIN\r\n");
    }

    @AfterEach
    void release() {
        channel.finishAndReleaseAll();
    }

    @Test
    void aFailedLoginsReplyIsHeldBackAndTheNextOneTwiceAsLong() {
        send(channel, WRONG);
        assertThat(received(channel)).isEmpty();
        advance(Duration.ofMillis(999));
        assertThat(received(channel)).isEmpty();
        advance(Duration.ofMillis(1));
        assertThat(received(channel)).isEqualTo("535 5.7.8 Authentication credentials invalid\r\n");

        send(channel, WRONG);
        advance(Duration.ofMillis(1999));
        assertThat(received(channel)).isEmpty();
        advance(Duration.ofMillis(1));
        assertThat(received(channel)).isEqualTo("535 5.7.8 Authentication credentials invalid\r\n");
        assertThat(meters.counter("paperpath.smtp.auth", "result", "failure").count()).isEqualTo(2);
    }

    @Test
    void pipelinedCommandsWaitForTheHeldBackReply() {
        send(channel, WRONG + "NOOP\r\n");
        assertThat(received(channel)).isEmpty();
        advance(Duration.ofSeconds(1));
        assertThat(received(channel)).isEqualTo("535 5.7.8 Authentication credentials invalid\r\n250 2.0.0 Ok\r\n");
    }

    @Test
    void pastTheLimitAuthIs454WithoutAskingAccountServiceEvenWithTheRightPassword() {
        send(channel, WRONG);
        advance(Duration.ofSeconds(1));
        send(channel, WRONG);
        advance(Duration.ofSeconds(2));
        assertThat(received(channel)).hasLineCount(2);
        int asked = authenticator.services().size();

        send(channel, RIGHT);
        advance(Duration.ofSeconds(2));
        assertThat(received(channel)).isEqualTo("454 4.7.0 Too many authentication failures, try again later\r\n");
        assertThat(authenticator.services()).hasSize(asked);
        assertThat(meters.counter("paperpath.smtp.auth", "result", "throttled").count()).isEqualTo(1);
        assertThat(meters.counter("paperpath.smtp.auth", "result", "success").count()).isZero();
    }

    @Test
    void failuresForTheAccountFromOtherClientsNeverLockItOut() {
        for (int i = 0; i < 50; i++) {
            throttle.failed("198.51.100." + (i % 5), FakeAuthenticator.USER);
        }
        throttle.failed("2001:db8::1", FakeAuthenticator.USER);

        send(channel, RIGHT);
        assertThat(received(channel)).isEqualTo("235 2.7.0 Authentication successful\r\n");
        assertThat(authenticator.services()).hasSize(1);
        assertThat(meters.counter("paperpath.smtp.auth", "result", "throttled").count()).isZero();
    }

    @Test
    void failuresForTheAccountFromOtherClientsOnlyHoldBackAWrongPassword() {
        for (int i = 0; i < 50; i++) {
            throttle.failed("198.51.100." + (i % 5), FakeAuthenticator.USER);
        }

        send(channel, WRONG);
        advance(Duration.ofMillis(7999));
        assertThat(received(channel)).isEmpty();
        advance(Duration.ofMillis(1));
        assertThat(received(channel)).isEqualTo("535 5.7.8 Authentication credentials invalid\r\n");
        assertThat(authenticator.services()).hasSize(1);

        send(channel, WRONG);
        advance(Duration.ofSeconds(8));
        assertThat(received(channel)).as("the second failure from here reaches the pair's limit")
                .isEqualTo("535 5.7.8 Authentication credentials invalid\r\n");
        send(channel, RIGHT);
        advance(Duration.ofSeconds(8));
        assertThat(received(channel)).isEqualTo("454 4.7.0 Too many authentication failures, try again later\r\n");
        assertThat(authenticator.services()).hasSize(2);
    }

    @Test
    void anotherAccountFromTheSameClientIsStillAskedAfterOneAccountIsRefused() {
        send(channel, WRONG);
        advance(Duration.ofSeconds(1));
        send(channel, WRONG);
        advance(Duration.ofSeconds(2));
        assertThat(received(channel)).hasLineCount(2);

        send(channel, "AUTH PLAIN " + plain("bob@example.test", "guess") + "\r\n");
        advance(Duration.ofSeconds(4));
        assertThat(received(channel)).isEqualTo("535 5.7.8 Authentication credentials invalid\r\n");
        assertThat(authenticator.services()).hasSize(3);
    }

    @Test
    void aGoodLoginIsAnsweredAtOnceEvenAfterAFailure() {
        send(channel, WRONG);
        advance(Duration.ofSeconds(1));
        assertThat(received(channel)).startsWith("535 ");

        send(channel, RIGHT);
        assertThat(received(channel)).isEqualTo("235 2.7.0 Authentication successful\r\n");
    }

    private void advance(Duration by) {
        channel.advanceTimeBy(by.toNanos(), TimeUnit.NANOSECONDS);
        channel.runPendingTasks();
    }

    private static String plain(String user, String password) {
        return Base64.getEncoder().encodeToString(("\0" + user + "\0" + password).getBytes(StandardCharsets.UTF_8));
    }
}
