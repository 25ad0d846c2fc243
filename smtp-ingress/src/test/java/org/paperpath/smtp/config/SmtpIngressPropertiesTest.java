package org.paperpath.smtp.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

class SmtpIngressPropertiesTest {

    @Test
    void defaultsApplyWhenNothingIsSet() {
        SmtpIngressProperties properties = bind(Map.of("paperpath.smtp.port", "2525"));
        assertThat(properties.port()).isEqualTo(2525);
        assertThat(properties.submissionPort()).isEqualTo(2587);
        assertThat(properties.bindAddress()).isEqualTo("0.0.0.0");
        assertThat(properties.maxMessageSize().toBytes()).isEqualTo(35L * 1024 * 1024);
        assertThat(properties.maxRecipients()).isEqualTo(100);
        assertThat(properties.maxErrors()).isEqualTo(10);
        assertThat(properties.idleTimeout()).isEqualTo(Duration.ofMinutes(5));
        assertThat(properties.queueTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(properties.shutdownDrain()).isEqualTo(Duration.ofSeconds(30));
        assertThat(properties.maxConnections()).isEqualTo(1000);
        assertThat(properties.maxConnectionsPerIp()).isEqualTo(20);
        assertThat(properties.postmasterDomain()).isEmpty();
    }

    @Test
    void connectionLimitsAndPostmasterDomainBind() {
        SmtpIngressProperties properties = bind(Map.of("paperpath.smtp.max-connections", "50",
                "paperpath.smtp.max-connections-per-ip", "5", "paperpath.smtp.postmaster-domain", " Example.TEST "));
        assertThat(properties.maxConnections()).isEqualTo(50);
        assertThat(properties.maxConnectionsPerIp()).isEqualTo(5);
        assertThat(properties.postmasterDomain()).isEqualTo("example.test");
    }

    @Test
    void aZeroConnectionLimitIsRefusedNamingTheProperty() {
        assertThatThrownBy(() -> bind(Map.of("paperpath.smtp.max-connections-per-ip", "0")))
                .hasStackTraceContaining("paperpath.smtp.max-connections-per-ip");
    }

    @Test
    void settingsBindFromKebabCase() {
        SmtpIngressProperties properties = bind(Map.of("paperpath.smtp.queue-timeout", "2s",
                "paperpath.smtp.max-message-size", "1MB", "paperpath.smtp.port", "0"));
        assertThat(properties.queueTimeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(properties.maxMessageSize().toBytes()).isEqualTo(1024 * 1024);
        assertThat(properties.port()).isZero();
    }

    @Test
    void tooShortQueueTimeoutIsRefusedNamingTheProperty() {
        assertThatThrownBy(() -> bind(Map.of("paperpath.smtp.queue-timeout", "100ms")))
                .hasStackTraceContaining("paperpath.smtp.queue-timeout");
    }

    @Test
    void tlsAuthAndRelayAreOffByDefault() {
        SmtpIngressProperties properties = bind(Map.of("paperpath.smtp.port", "2525"));
        assertThat(properties.smtpsPort()).isEqualTo(2465);
        assertThat(properties.tls().enabled()).isFalse();
        assertThat(properties.tls().reloadInterval()).isEqualTo(Duration.ofSeconds(5));
        assertThat(properties.auth().plaintextNetworks().isEmpty()).isTrue();
        assertThat(properties.relayNetworkList().isEmpty()).isTrue();
    }

    @Test
    void tlsAndNetworkListsBind() {
        SmtpIngressProperties properties = bind(Map.of("paperpath.smtp.tls.certificate", "/tls/cert.pem",
                "paperpath.smtp.tls.private-key", "/tls/key.pem", "paperpath.smtp.relay-networks", "10.0.0.0/8,::1",
                "paperpath.smtp.auth.allow-plaintext-networks", "192.0.2.0/24"));
        assertThat(properties.tls().enabled()).isTrue();
        assertThat(properties.tls().privateKey()).isEqualTo("/tls/key.pem");
        assertThat(properties.relayNetworks()).containsExactly("10.0.0.0/8", "::1");
        assertThat(properties.auth().allowPlaintextNetworks()).containsExactly("192.0.2.0/24");
    }

    @Test
    void aCertificateWithoutKeyIsRefusedNamingBothProperties() {
        assertThatThrownBy(() -> bind(Map.of("paperpath.smtp.tls.certificate", "/tls/cert.pem")))
                .hasStackTraceContaining("paperpath.smtp.tls.private-key");
    }

    @Test
    void aRelayNetworkThatIsNotCidrIsRefusedNamingTheProperty() {
        assertThatThrownBy(() -> bind(Map.of("paperpath.smtp.relay-networks", "mail.example.com")))
                .hasStackTraceContaining("paperpath.smtp.relay-networks");
    }

    @Test
    void proxyProtocolIsOffByDefault() {
        SmtpIngressProperties properties = bind(Map.of("paperpath.smtp.port", "2525"));
        assertThat(properties.proxyProtocol().trustedNetworkList().isEmpty()).isTrue();
        assertThat(properties.proxyProtocol().headerTimeout()).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void proxyProtocolTrustedNetworksBind() {
        SmtpIngressProperties properties = bind(Map.of("paperpath.smtp.proxy-protocol.trusted-networks",
                "10.42.0.0/16,fd00::/8", "paperpath.smtp.proxy-protocol.header-timeout", "3s"));
        assertThat(properties.proxyProtocol().trustedNetworks()).containsExactly("10.42.0.0/16", "fd00::/8");
        assertThat(properties.proxyProtocol().headerTimeout()).isEqualTo(Duration.ofSeconds(3));
    }

    @Test
    void aTrustedProxyNetworkThatIsNotCidrIsRefusedNamingTheProperty() {
        assertThatThrownBy(() -> bind(Map.of("paperpath.smtp.proxy-protocol.trusted-networks", "lb.example.com")))
                .hasStackTraceContaining("paperpath.smtp.proxy-protocol.trusted-networks");
    }

    @Test
    void authThrottlingHasDefaults() {
        SmtpIngressProperties.Auth auth = bind(Map.of("paperpath.smtp.port", "2525")).auth();
        assertThat(auth.failuresPerIp()).isEqualTo(10);
        assertThat(auth.failuresPerAccount()).isEqualTo(5);
        assertThat(auth.failureWindow()).isEqualTo(Duration.ofMinutes(15));
        assertThat(auth.failureDelay()).isEqualTo(Duration.ofSeconds(1));
        assertThat(auth.maxFailureDelay()).isEqualTo(Duration.ofSeconds(16));
    }

    @Test
    void aFailureDelayAsLongAsTheIdleTimeoutIsRefusedNamingBothProperties() {
        assertThatThrownBy(() -> bind(Map.of("paperpath.smtp.auth.max-failure-delay", "5m")))
                .hasStackTraceContaining("paperpath.smtp.auth.max-failure-delay")
                .hasStackTraceContaining("paperpath.smtp.idle-timeout");
    }

    @Test
    void aShortIdleTimeoutWithTheDefaultFailureDelayIsRefusedSayingWhatToChange() {
        String expected = "paperpath.smtp.auth.max-failure-delay (16s) must be shorter than"
                + " paperpath.smtp.idle-timeout (5s), or a client waiting for a held-back AUTH reply would be"
                + " closed as idle: set paperpath.smtp.idle-timeout longer than 16s, or"
                + " paperpath.smtp.auth.max-failure-delay shorter than 5s (and paperpath.smtp.auth.failure-delay"
                + " at most that)";
        assertThatThrownBy(() -> bind(Map.of("paperpath.smtp.idle-timeout", "5s")))
                .hasRootCauseInstanceOf(IllegalArgumentException.class)
                .hasRootCauseMessage(expected);
        SmtpIngressProperties fixed = bind(Map.of("paperpath.smtp.idle-timeout", "5s",
                "paperpath.smtp.auth.max-failure-delay", "4s"));
        assertThat(fixed.idleTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(SmtpIngressProperties.failureDelayConflict(Duration.ofMillis(1500), Duration.ofMillis(1500)))
                .startsWith("paperpath.smtp.auth.max-failure-delay (1500ms) must be shorter than"
                        + " paperpath.smtp.idle-timeout (1500ms)");
    }

    @Test
    void aZeroAccountFailureLimitIsRefusedNamingTheProperty() {
        assertThatThrownBy(() -> bind(Map.of("paperpath.smtp.auth.failures-per-account", "0")))
                .hasStackTraceContaining("paperpath.smtp.auth.failures-per-account");
    }

    @Test
    void minimumSpoolFreeSpaceDefaultsTo256Megabytes() {
        assertThat(bind(Map.of("paperpath.smtp.port", "2525")).minSpoolFreeSpace().toMegabytes()).isEqualTo(256);
        assertThat(bind(Map.of("paperpath.smtp.min-spool-free-space", "1GB")).minSpoolFreeSpace().toGigabytes())
                .isEqualTo(1);
    }

    @Test
    void aNegativeMinimumSpoolFreeSpaceIsRefusedNamingTheProperty() {
        assertThatThrownBy(() -> bind(Map.of("paperpath.smtp.min-spool-free-space", "-1MB")))
                .hasStackTraceContaining("paperpath.smtp.min-spool-free-space");
    }

    @Test
    void submissionsMustSendAsTheirUserUnlessTurnedOff() {
        assertThat(bind(Map.of("paperpath.smtp.port", "2525")).submission().enforceSender()).isTrue();
        assertThat(bind(Map.of("paperpath.smtp.submission.enforce-sender", "false")).submission().enforceSender())
                .isFalse();
    }

    private static SmtpIngressProperties bind(Map<String, String> values) {
        return new Binder(new MapConfigurationPropertySource(values))
                .bindOrCreate("paperpath.smtp", SmtpIngressProperties.class);
    }
}
