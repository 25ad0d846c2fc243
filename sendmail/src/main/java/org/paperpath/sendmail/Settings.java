package org.paperpath.sendmail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * Where to submit and who we are, from the environment only (no configuration file to find, nothing
 * slow at start: the host name comes from {@code $HOSTNAME} or the kernel, never from DNS).
 *
 * @param host          {@code PAPERPATH_SENDMAIL_HOST}, default 127.0.0.1
 * @param port          {@code PAPERPATH_SENDMAIL_PORT}, default 2525 (the standalone system's MX port)
 * @param hostname      this machine's name: EHLO, Message-ID, and the domain of the default sender
 * @param defaultSender {@code PAPERPATH_SENDMAIL_FROM}, default {@code $USER@hostname}
 * @param timeout       {@code PAPERPATH_SENDMAIL_TIMEOUT} in seconds for connect and each reply, default 120
 */
record Settings(String host, int port, String hostname, String defaultSender, Duration timeout) {

    static Settings fromEnvironment(Map<String, String> env) throws ConfigException {
        String hostname = firstNonBlank(env.get("PAPERPATH_SENDMAIL_HOSTNAME"), env.get("HOSTNAME"), kernelHostname(),
                "localhost");
        String user = firstNonBlank(env.get("USER"), env.get("LOGNAME"), System.getProperty("user.name"), "nobody");
        String sender = firstNonBlank(env.get("PAPERPATH_SENDMAIL_FROM"), user + "@" + hostname);
        return new Settings(
                firstNonBlank(env.get("PAPERPATH_SENDMAIL_HOST"), "127.0.0.1"),
                number(env, "PAPERPATH_SENDMAIL_PORT", 2525, 1, 65535),
                hostname,
                sender,
                Duration.ofSeconds(number(env, "PAPERPATH_SENDMAIL_TIMEOUT", 120, 1, 86_400)));
    }

    private static int number(Map<String, String> env, String name, int fallback, int min, int max) throws ConfigException {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            int n = Integer.parseInt(value.trim());
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new ConfigException(name + "=" + value + " is not a number from " + min + " to " + max);
    }

    private static String kernelHostname() {
        try {
            return Files.readString(Path.of("/proc/sys/kernel/hostname"), StandardCharsets.US_ASCII).trim();
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static String firstNonBlank(String... values) {
        for (String value : values) {
            if (value != null && !value.isBlank()) {
                return value.trim();
            }
        }
        throw new IllegalStateException("no fallback");
    }
}
