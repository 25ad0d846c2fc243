package org.paperpath.smtp.config;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import java.util.List;
import org.paperpath.protocol.server.NetworkList;
import org.paperpath.smtp.auth.AuthThrottle;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of smtp-ingress, under {@code paperpath.smtp.*}.
 *
 * @param port the MX listener (port 0 picks a free port)
 * @param submissionPort the submission listener
 * @param bindAddress the address both listeners bind to
 * @param maxMessageSize the largest message accepted (qmail's databytes), advertised in SIZE
 * @param maxRecipients recipients per message
 * @param maxErrors permanent failures before a session is closed with 421
 * @param idleTimeout a session silent this long is closed with 421
 * @param queueTimeout how long the broker may take to acknowledge an envelope before the client hears 451
 * @param shutdownDrain how long sessions may take to finish their transaction on shutdown
 * @param maxConnections open connections over all listeners; one more hears 421 and is closed
 * @param maxConnectionsPerIp open connections from one client address
 * @param postmasterDomain the local domain whose postmaster receives a bare {@code RCPT TO:<postmaster>};
 *     blank: the host name or its parent domain, whichever is local
 * @param smtpsPort the implicit-TLS submission listener (RFC 8314), bound only when TLS is configured
 * @param tls the certificate; without one there is no STARTTLS and no smtps listener
 * @param auth SMTP AUTH (RFC 4954)
 * @param relayNetworks client networks (CIDR) whose mail is relayed to any domain without AUTH;
 *     empty by default, not even loopback
 * @param proxyProtocol PROXY protocol v1/v2 on every listener, from trusted proxies only
 * @param submission what every listener (25, 587, 465) demands of authenticated clients; the name is
 *     historical, from when only submission listeners checked senders
 * @param minSpoolFreeSpace usable space on the spool's volume under which MAIL is answered 452 4.3.1
 *     (and a message whose content ends then is refused); 0: only an unwritable spool refuses
 */
@Validated
@ConfigurationProperties("paperpath.smtp")
public record SmtpIngressProperties(
        @DefaultValue("2525") @Min(0) @Max(65535) int port,
        @DefaultValue("2587") @Min(0) @Max(65535) int submissionPort,
        @DefaultValue("0.0.0.0") @NotBlank String bindAddress,
        @DefaultValue("35MB") @NotNull DataSize maxMessageSize,
        @DefaultValue("100") @Min(1) @Max(10_000) int maxRecipients,
        @DefaultValue("10") @Min(1) int maxErrors,
        @DefaultValue("5m") @NotNull Duration idleTimeout,
        @DefaultValue("10s") @NotNull Duration queueTimeout,
        @DefaultValue("30s") @NotNull Duration shutdownDrain,
        @DefaultValue("1000") @Min(1) int maxConnections,
        @DefaultValue("20") @Min(1) int maxConnectionsPerIp,
        @DefaultValue("") String postmasterDomain,
        @DefaultValue("2465") @Min(0) @Max(65535) int smtpsPort,
        @DefaultValue @NotNull Tls tls,
        @DefaultValue @NotNull Auth auth,
        @DefaultValue List<String> relayNetworks,
        @DefaultValue @NotNull ProxyProtocolSettings proxyProtocol,
        @DefaultValue("256MB") @NotNull DataSize minSpoolFreeSpace,
        @DefaultValue @NotNull Submission submission) {

    /**
     * TLS material as PEM files, reread when they change (cert-manager rotations).
     *
     * @param certificate the certificate chain, leaf first; unset: TLS off
     * @param privateKey the PKCS#8 private key of the leaf
     * @param reloadInterval how often the files' modification times are looked at
     */
    public record Tls(String certificate, String privateKey, @DefaultValue("5s") @NotNull Duration reloadInterval) {

        public Tls {
            certificate = certificate == null || certificate.isBlank() ? null : certificate.strip();
            privateKey = privateKey == null || privateKey.isBlank() ? null : privateKey.strip();
            if ((certificate == null) != (privateKey == null)) {
                throw new IllegalArgumentException("paperpath.smtp.tls.certificate and paperpath.smtp.tls.private-key"
                        + " must be set together");
            }
            if (reloadInterval.isNegative()) {
                throw new IllegalArgumentException("paperpath.smtp.tls.reload-interval must not be negative");
            }
        }

        public boolean enabled() {
            return certificate != null;
        }
    }

    /**
     * @param allowPlaintextNetworks client networks (CIDR) offered AUTH without TLS; empty by default
     * @param workers threads that wait for account-service, so no event loop ever does
     * @param failuresPerIp failed logins from one client address (IPv6: one /64) within the window after
     *     which AUTH from it is answered 454 4.7.0, for any account, without asking account-service
     * @param failuresPerAccount failed logins for one account name from one client address (IPv6: one
     *     /64) within the window after which AUTH for that account from that client is answered 454 4.7.0
     *     without asking account-service. Failures for the account from other clients never refuse
     *     AUTH, they only hold back failed replies, so nobody can lock a user out
     *     ({@link AuthThrottle} has the whole policy)
     * @param failureWindow how long a failed login counts
     * @param failureDelay how long a failed AUTH's reply is held back after one failure of its client or
     *     account (whichever has more); doubles per further failure. Successful logins are never held back
     * @param maxFailureDelay the longest hold-back
     */
    public record Auth(@DefaultValue List<String> allowPlaintextNetworks, @DefaultValue("8") @Min(1) int workers,
            @DefaultValue("10") @Min(1) int failuresPerIp, @DefaultValue("5") @Min(1) int failuresPerAccount,
            @DefaultValue("15m") @NotNull Duration failureWindow, @DefaultValue("1s") @NotNull Duration failureDelay,
            @DefaultValue("16s") @NotNull Duration maxFailureDelay) {

        public Auth {
            allowPlaintextNetworks = allowPlaintextNetworks == null ? List.of() : List.copyOf(allowPlaintextNetworks);
            if (workers < 1) {
                throw new IllegalArgumentException("paperpath.smtp.auth.workers must be positive");
            }
            requirePositive(failuresPerIp, "paperpath.smtp.auth.failures-per-ip");
            requirePositive(failuresPerAccount, "paperpath.smtp.auth.failures-per-account");
            requirePositive(failureWindow.toMillis(), "paperpath.smtp.auth.failure-window");
            if (failureDelay.isNegative()) {
                throw new IllegalArgumentException("paperpath.smtp.auth.failure-delay must not be negative");
            }
            if (maxFailureDelay.compareTo(failureDelay) < 0) {
                throw new IllegalArgumentException("paperpath.smtp.auth.max-failure-delay must be at least"
                        + " paperpath.smtp.auth.failure-delay");
            }
        }

        /** The throttle's limits. */
        public AuthThrottle.Limits throttleLimits() {
            return new AuthThrottle.Limits(failuresPerIp, failuresPerAccount, failureWindow, failureDelay,
                    maxFailureDelay);
        }

        public NetworkList plaintextNetworks() {
            return NetworkList.parse(allowPlaintextNetworks, "paperpath.smtp.auth.allow-plaintext-networks");
        }
    }

    /**
     * PROXY protocol (HAProxy, versions 1 and 2) behind a load balancer, so the real client address
     * drives relay, limits, throttling and trace headers.
     *
     * @param trustedNetworks the proxies (CIDR) whose header is required and believed; empty (the default):
     *     off, and a PROXY line from anyone is just a bad command
     * @param headerTimeout how long a trusted proxy may take to send its header before the connection closes
     */
    public record ProxyProtocolSettings(@DefaultValue List<String> trustedNetworks,
            @DefaultValue("10s") @NotNull Duration headerTimeout) {

        public ProxyProtocolSettings {
            trustedNetworks = trustedNetworks == null ? List.of() : List.copyOf(trustedNetworks);
            NetworkList.parse(trustedNetworks, "paperpath.smtp.proxy-protocol.trusted-networks");
            requirePositive(headerTimeout.toMillis(), "paperpath.smtp.proxy-protocol.header-timeout");
        }

        /** {@link #trustedNetworks} parsed. */
        public NetworkList trustedNetworkList() {
            return NetworkList.parse(trustedNetworks, "paperpath.smtp.proxy-protocol.trusted-networks");
        }
    }

    /**
     * @param enforceSender in every authenticated session, on every listener (MX as well as submission
     *     and implicit TLS, since AUTH lets a client relay on any of them), MAIL FROM must be an
     *     address of the authenticated mailbox: itself, its {@code +extension}s, its alias-domain
     *     forms, or an alias (not a catch-all) listing it as a target; never the null sender, else
     *     {@code 553 5.7.1} (see MailHandler). Sessions that did not authenticate are not checked.
     *     Off only for setups where users legitimately send as other addresses
     */
    public record Submission(@DefaultValue("true") boolean enforceSender) {
    }

    public SmtpIngressProperties {
        requirePositive(maxMessageSize.toBytes(), "paperpath.smtp.max-message-size");
        requirePositive(idleTimeout.toMillis(), "paperpath.smtp.idle-timeout");
        if (queueTimeout.toMillis() < 2000) {
            throw new IllegalArgumentException("paperpath.smtp.queue-timeout must be at least 2s, was " + queueTimeout);
        }
        requirePositive(shutdownDrain.toMillis() + 1, "paperpath.smtp.shutdown-drain");
        requirePositive(maxConnections, "paperpath.smtp.max-connections");
        requirePositive(minSpoolFreeSpace.toBytes() + 1, "paperpath.smtp.min-spool-free-space");
        requirePositive(maxConnectionsPerIp, "paperpath.smtp.max-connections-per-ip");
        relayNetworks = relayNetworks == null ? List.of() : List.copyOf(relayNetworks);
        NetworkList.parse(relayNetworks, "paperpath.smtp.relay-networks");
        auth.plaintextNetworks();
        if (auth.maxFailureDelay().compareTo(idleTimeout) >= 0) {
            throw new IllegalArgumentException(failureDelayConflict(auth.maxFailureDelay(), idleTimeout));
        }
        postmasterDomain = postmasterDomain == null ? "" : postmasterDomain.strip().toLowerCase(java.util.Locale.ROOT);
    }

    /** {@link #relayNetworks} parsed. */
    public NetworkList relayNetworkList() {
        return NetworkList.parse(relayNetworks, "paperpath.smtp.relay-networks");
    }

    /**
     * Why the start-up stops when a held-back AUTH reply could outlast the idle timeout (the session
     * would be closed as idle while the server itself keeps it waiting): both properties, their
     * values, and the two ways out.
     */
    static String failureDelayConflict(Duration maxFailureDelay, Duration idleTimeout) {
        return "paperpath.smtp.auth.max-failure-delay (" + text(maxFailureDelay) + ") must be shorter than"
                + " paperpath.smtp.idle-timeout (" + text(idleTimeout) + "), or a client waiting for a held-back"
                + " AUTH reply would be closed as idle: set paperpath.smtp.idle-timeout longer than "
                + text(maxFailureDelay) + ", or paperpath.smtp.auth.max-failure-delay shorter than "
                + text(idleTimeout) + " (and paperpath.smtp.auth.failure-delay at most that)";
    }

    /** A duration as a property value would be written: {@code 16s}, {@code 1500ms}. */
    private static String text(Duration duration) {
        long millis = duration.toMillis();
        return millis % 1000 == 0 ? millis / 1000 + "s" : millis + "ms";
    }

    private static void requirePositive(long value, String property) {
        if (value <= 0) {
            throw new IllegalArgumentException(property + " must be positive");
        }
    }
}
