package org.paperpath.smtp.server;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.paperpath.directory.Directory;
import org.paperpath.directory.InMemoryDirectory;
import org.paperpath.model.event.DirectoryEvent;
import org.paperpath.smtp.protocol.MailboxQuota;
import org.paperpath.smtp.protocol.RecipientSizeLimit;
import org.paperpath.smtp.protocol.SmtpCommandDispatcher;
import org.paperpath.smtp.protocol.SmtpSettings;
import org.paperpath.smtp.queue.MessageSink;
import org.paperpath.smtp.queue.SpoolCapacity;

/** An SMTP session on an {@code EmbeddedChannel}, with a small directory, for protocol tests. */
final class SmtpTestChannels {

    static final String HOSTNAME = "mx.test";
    /** Where a client connects from when its listener has TLS, AUTH or relay settings. */
    static final InetSocketAddress CLIENT = new InetSocketAddress("192.0.2.10", 40000);

    private SmtpTestChannels() {
    }

    /**
     * example.test with alice and postmaster (enabled) and bob (disabled); caught up unless
     * {@code ready} is false. Also, for RCPT rules: {@code team@example.test}, an alias of alice and
     * someone@elsewhere.test; {@code alias.test}, an alias domain of example.test; {@code catchall.test},
     * whose catch-all is alice; and in example.test {@code small} (messages up to 50 octets),
     * {@code full} (quota 1000 octets, see {@link #mailRoot}), {@code crowded} (at most 3 messages),
     * {@code roomy} (quota 100000 octets) and {@code nofile} (a quota, but no maildirsize). For the
     * senders a submission may use: {@code a.smith@example.test}, a personal alias of alice;
     * {@code sales@example.test}, an alias of bob and someone@elsewhere.test; {@code all@example.test},
     * an alias of team@example.test only.
     */
    static InMemoryDirectory directory(boolean ready) {
        InMemoryDirectory directory = new InMemoryDirectory();
        apply(directory, new DirectoryEvent.DomainUpserted(1, "example.test", true));
        apply(directory, new DirectoryEvent.DomainUpserted(1, "alias.test", true, null, "example.test"));
        apply(directory, new DirectoryEvent.DomainUpserted(1, "catchall.test", true, "alice@example.test", null));
        for (String user : new String[] {"alice", "bob", "postmaster"}) {
            apply(directory, new DirectoryEvent.MailboxUpserted(1, user + "@example.test", "example.test", user,
                    !user.equals("bob")));
        }
        apply(directory, new DirectoryEvent.AliasUpserted(1, "team@example.test", "example.test", "team",
                List.of("alice@example.test", "someone@elsewhere.test")));
        apply(directory, new DirectoryEvent.AliasUpserted(1, "a.smith@example.test", "example.test", "a.smith",
                List.of("alice@example.test")));
        apply(directory, new DirectoryEvent.AliasUpserted(1, "sales@example.test", "example.test", "sales",
                List.of("bob@example.test", "someone@elsewhere.test")));
        apply(directory, new DirectoryEvent.AliasUpserted(1, "all@example.test", "example.test", "all",
                List.of("team@example.test")));
        apply(directory, limited("small", null, null, 50L));
        apply(directory, limited("full", 1000L, null, null));
        apply(directory, limited("crowded", null, 3L, null));
        apply(directory, limited("roomy", 100_000L, null, null));
        apply(directory, limited("nofile", 1000L, 10L, null));
        if (ready) {
            directory.markCaughtUp();
        }
        return directory;
    }

    /**
     * A mail root where full@example.test holds 1000 of its 1000 octets, crowded@example.test 3 of
     * its 3 messages, and roomy@example.test 1000 of its 100000 octets, as their maildirsize files say.
     */
    static Path mailRoot() throws IOException {
        Path root = Files.createTempDirectory("smtp-mail-root");
        maildirsize(root, "full", "1000S\n600 2\n400 1\n");
        maildirsize(root, "crowded", "0S,3C\n30 3\n");
        maildirsize(root, "roomy", "100000S\n1000 4\n");
        return root;
    }

    private static void maildirsize(Path root, String user, String content) throws IOException {
        Path mailbox = Files.createDirectories(root.resolve("example.test").resolve(user));
        Files.writeString(mailbox.resolve("maildirsize"), content, StandardCharsets.US_ASCII);
    }

    private static DirectoryEvent.MailboxUpserted limited(String user, Long quotaBytes, Long maxMessages,
            Long maxMessageBytes) {
        return new DirectoryEvent.MailboxUpserted(1, user + "@example.test", "example.test", user, true, quotaBytes,
                null, maxMessages, maxMessageBytes);
    }

    private static void apply(InMemoryDirectory directory, DirectoryEvent event) {
        directory.apply(event.key(), event);
    }

    static EmbeddedChannel open(SmtpSettings settings, Directory directory, MessageSink sink, SimpleMeterRegistry meters) {
        return open(settings, directory, sink, meters, new ConnectionLimiter(1000, 20, new SmtpMetrics(meters)));
    }

    static EmbeddedChannel open(SmtpSettings settings, Directory directory, MessageSink sink, SimpleMeterRegistry meters,
            ConnectionLimiter limiter) {
        return open(settings, directory, sink, meters, limiter, ListenerSecurity.none());
    }

    /** A session whose listener has {@code security}; the client then connects from {@link #CLIENT}. */
    static EmbeddedChannel open(SmtpSettings settings, Directory directory, MessageSink sink, SimpleMeterRegistry meters,
            ConnectionLimiter limiter, ListenerSecurity security) {
        return open(settings, directory, sink, meters, limiter, security, SpoolCapacity.unlimited(),
                MailboxQuota.unlimited());
    }

    /** As above, with a spool that may run out and mailboxes that may be full. */
    static EmbeddedChannel open(SmtpSettings settings, Directory directory, MessageSink sink, SimpleMeterRegistry meters,
            ConnectionLimiter limiter, ListenerSecurity security, SpoolCapacity spool, MailboxQuota quota) {
        SmtpSessionContext context = new SmtpSessionContext("smtp", settings,
                new SmtpCommandDispatcher(settings, directory, spool, quota), sink, new SmtpMetrics(meters),
                Clock.systemUTC(), security, spool, RecipientSizeLimit.from(directory));
        EmbeddedChannel channel = security.equals(ListenerSecurity.none()) ? new EmbeddedChannel(false, false)
                : new EmbeddedChannel(false, false) {
                    @Override
                    protected SocketAddress remoteAddress0() {
                        return CLIENT;
                    }
                };
        new SmtpChannelInitializer(context, Duration.ofMinutes(5), limiter).configure(channel.pipeline());
        try {
            channel.register();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return channel;
    }

    static void send(EmbeddedChannel channel, String text) {
        channel.writeInbound(Unpooled.copiedBuffer(text, StandardCharsets.UTF_8));
        channel.runPendingTasks();
    }

    /** Everything the server wrote since the last call. */
    static String received(EmbeddedChannel channel) {
        channel.runPendingTasks();
        StringBuilder out = new StringBuilder();
        ByteBuf buf;
        while ((buf = channel.readOutbound()) != null) {
            out.append(buf.toString(StandardCharsets.UTF_8));
            buf.release();
        }
        return out.toString();
    }
}
