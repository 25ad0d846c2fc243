package org.paperpath.protocol.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TlsContextProviderTest {

    @TempDir
    Path dir;

    private final MutableClock clock = new MutableClock();

    @Test
    void selfSignedPairIsWrittenOwnerOnlyAndLoads() throws Exception {
        Path cert = dir.resolve("tls/cert.pem");
        Path key = dir.resolve("tls/key.pem");
        assertThat(SelfSignedPem.ensure(cert, key, "mx.test")).isTrue();
        assertThat(Files.readString(cert)).startsWith("-----BEGIN CERTIFICATE-----");
        assertThat(Files.readString(key)).startsWith("-----BEGIN PRIVATE KEY-----");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(cert))).isEqualTo("rw-------");
        String before = Files.readString(cert);
        assertThat(SelfSignedPem.ensure(cert, key, "mx.test")).isFalse();
        assertThat(Files.readString(cert)).isEqualTo(before);

        TlsContextProvider provider = new TlsContextProvider(cert, key, Duration.ofSeconds(5), clock);
        assertThat(provider.current().isServer()).isTrue();
        SslHandler handler = provider.newHandler(ByteBufAllocator.DEFAULT, true);
        assertThat(handler.engine().getUseClientMode()).isFalse();
        assertThat(handler.engine().getEnabledProtocols()).containsOnly("TLSv1.3", "TLSv1.2");
    }

    @Test
    void changedFilesAreReloadedAfterTheCheckInterval() {
        Path cert = dir.resolve("cert.pem");
        Path key = dir.resolve("key.pem");
        SelfSignedPem.write(cert, key, "old.test");
        TlsContextProvider provider = new TlsContextProvider(cert, key, Duration.ofSeconds(5), clock);
        SslContext first = provider.current();

        SelfSignedPem.write(cert, key, "new.test");
        touch(cert, key, 1000);
        assertThat(provider.current()).as("not looked at before the interval").isSameAs(first);
        clock.advance(Duration.ofSeconds(6));
        SslContext second = provider.current();
        assertThat(second).isNotSameAs(first);
        clock.advance(Duration.ofSeconds(6));
        assertThat(provider.current()).as("unchanged files are not reloaded").isSameAs(second);
    }

    @Test
    void aBrokenRotationKeepsThePreviousContext() throws Exception {
        Path cert = dir.resolve("cert.pem");
        Path key = dir.resolve("key.pem");
        SelfSignedPem.write(cert, key, "mx.test");
        TlsContextProvider provider = new TlsContextProvider(cert, key, Duration.ofSeconds(5), clock);
        SslContext first = provider.current();

        Files.writeString(key, "-----BEGIN PRIVATE KEY-----\nnot a key\n-----END PRIVATE KEY-----\n");
        touch(cert, key, 2000);
        clock.advance(Duration.ofSeconds(6));
        assertThat(provider.current()).isSameAs(first);
    }

    @Test
    void missingFilesStopTheStartWithTheirNames() {
        Path cert = dir.resolve("missing-cert.pem");
        assertThatThrownBy(() -> new TlsContextProvider(cert, dir.resolve("missing-key.pem"), Duration.ofSeconds(5),
                clock)).isInstanceOf(IllegalStateException.class).hasMessageContaining("missing-cert.pem");
    }

    private static void touch(Path cert, Path key, long seconds) {
        try {
            FileTime time = FileTime.from(Instant.now().plusSeconds(seconds));
            Files.setLastModifiedTime(cert, time);
            Files.setLastModifiedTime(key, time);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static final class MutableClock extends Clock {
        private Instant now = Instant.parse("2026-01-01T00:00:00Z");

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
