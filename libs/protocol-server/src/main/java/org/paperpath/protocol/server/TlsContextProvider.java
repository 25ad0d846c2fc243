package org.paperpath.protocol.server;

import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslProvider;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A server {@link SslContext} built from PEM files (certificate chain, PKCS#8 private key) with the
 * JDK's TLS provider, rebuilt when either file's modification time changes, as when cert-manager
 * rotates a mounted secret. The files are looked at no more often than {@code checkInterval}; a
 * rebuild that fails (a half-written file, a key that does not match) keeps the previous context and
 * logs an error, so a bad rotation never takes TLS down.
 */
public final class TlsContextProvider {

    private static final Logger log = LoggerFactory.getLogger(TlsContextProvider.class);
    /** RFC 8996 retired TLS 1.0 and 1.1. */
    private static final List<String> PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");

    private final Path certificateChain;
    private final Path privateKey;
    private final Duration checkInterval;
    private final Clock clock;
    private SslContext context;
    private List<FileTime> loadedVersions;
    private Instant nextCheck;

    /**
     * Loads the files once.
     *
     * @throws IllegalStateException if they cannot be read or do not make a TLS context
     */
    public TlsContextProvider(Path certificateChain, Path privateKey, Duration checkInterval, Clock clock) {
        this.certificateChain = certificateChain;
        this.privateKey = privateKey;
        this.checkInterval = checkInterval;
        this.clock = clock;
        try {
            this.loadedVersions = versions();
            this.context = build();
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("cannot load TLS certificate " + certificateChain + " and key "
                    + privateKey + ": " + e.getMessage(), e);
        }
        this.nextCheck = clock.instant().plus(checkInterval);
        log.info("TLS certificate loaded from {}", certificateChain);
    }

    /** The current context, rebuilt first if the files changed since the last look. */
    public synchronized SslContext current() {
        Instant now = clock.instant();
        if (now.isBefore(nextCheck)) {
            return context;
        }
        nextCheck = now.plus(checkInterval);
        try {
            List<FileTime> versions = versions();
            if (!versions.equals(loadedVersions)) {
                context = build();
                loadedVersions = versions;
                log.info("TLS certificate reloaded from {}", certificateChain);
            }
        } catch (IOException | RuntimeException e) {
            log.error("cannot reload TLS certificate {} and key {}, keeping the previous one: {}", certificateChain,
                    privateKey, e.toString());
        }
        return context;
    }

    /** A server-side handler over the current context; {@code startTls} leaves the first write (the 220) in clear. */
    public SslHandler newHandler(ByteBufAllocator allocator, boolean startTls) {
        SslHandler handler = current().newHandler(allocator);
        if (!startTls) {
            return handler;
        }
        return new SslHandler(handler.engine(), true);
    }

    private List<FileTime> versions() throws IOException {
        return List.of(Files.getLastModifiedTime(certificateChain), Files.getLastModifiedTime(privateKey));
    }

    private SslContext build() throws IOException {
        return SslContextBuilder.forServer(certificateChain.toFile(), privateKey.toFile())
                .sslProvider(SslProvider.JDK)
                .protocols(PROTOCOLS)
                .build();
    }
}
