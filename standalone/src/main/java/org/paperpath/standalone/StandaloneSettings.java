package org.paperpath.standalone;

import java.nio.file.Path;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * What must be known before Spring starts: where the data folder is, the ports of the in-process
 * broker and database, and the admin token. Read from the same sources as every other setting
 * (command line, system properties, environment) and checked at once; a bad value stops the start
 * with a message naming the property.
 *
 * @param adminToken empty when neither {@code paperpath.admin-token} nor {@code PAPERPATH_ADMIN_TOKEN} is set
 */
record StandaloneSettings(Path dataDir, String adminToken, int kafkaPort, int kafkaControllerPort, int postgresPort,
        int httpPort) {

    static StandaloneSettings from(ConfigurableEnvironment env) {
        Path dataDir = Path.of(env.resolvePlaceholders("${paperpath.data-dir:${PAPERPATH_DATA_DIR:./data}}"))
                .toAbsolutePath().normalize();
        String token = env.resolvePlaceholders("${paperpath.admin-token:${PAPERPATH_ADMIN_TOKEN:}}").trim();
        if (!token.isEmpty() && token.length() < 16) {
            throw new IllegalArgumentException("PAPERPATH_ADMIN_TOKEN (paperpath.admin-token) must be at least 16 characters");
        }
        return new StandaloneSettings(dataDir, token,
                port(env, "paperpath.standalone.kafka-port", "0"),
                port(env, "paperpath.standalone.kafka-controller-port", "0"),
                port(env, "paperpath.standalone.postgres-port", "0"),
                port(env, "server.port", "8080"));
    }

    private static int port(ConfigurableEnvironment env, String property, String fallback) {
        String value = env.getProperty(property, fallback).trim();
        try {
            int port = Integer.parseInt(value);
            if (port >= 0 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(property + " must be a port number from 0 to 65535, not '" + value + "'");
    }
}
