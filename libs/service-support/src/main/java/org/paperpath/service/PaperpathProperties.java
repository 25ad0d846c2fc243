package org.paperpath.service;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings every service shares, under {@code paperpath.*}.
 *
 * @param dataDir the shared volume: {@code spool/} and {@code mail/} live under it
 * @param hostname this node's name in Received headers, Maildir names and logs (qmail's {@code me})
 * @param kafka how to reach the broker
 */
@Validated
@ConfigurationProperties("paperpath")
public record PaperpathProperties(@DefaultValue("./data") @NotNull Path dataDir, String hostname,
        @DefaultValue @NotNull Kafka kafka) {

    /** An unset or blank host name becomes this machine's (the pod name under Kubernetes). */
    public PaperpathProperties {
        if (hostname == null || hostname.isBlank()) {
            hostname = localHostName();
        }
    }

    private static String localHostName() {
        String fromEnv = System.getenv("HOSTNAME");
        if (fromEnv != null && !fromEnv.isBlank()) {
            return fromEnv;
        }
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.net.UnknownHostException e) {
            return "localhost";
        }
    }

    /** @param bootstrapServers {@code host:port[,host:port]} */
    public record Kafka(@DefaultValue("localhost:9092") @NotBlank String bootstrapServers) {
    }

    public Path spoolDir() {
        return dataDir.resolve("spool");
    }

    public Path mailDir() {
        return dataDir.resolve("mail");
    }
}
