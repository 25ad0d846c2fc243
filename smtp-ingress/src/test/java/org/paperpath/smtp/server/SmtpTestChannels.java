package org.paperpath.smtp.server;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import org.paperpath.directory.Directory;
import org.paperpath.directory.InMemoryDirectory;
import org.paperpath.model.event.DirectoryEvent;
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

    /** example.test with alice and postmaster (enabled) and bob (disabled); caught up unless {@code ready} is false. */
    static InMemoryDirectory directory(boolean ready) {
        InMemoryDirectory directory = new InMemoryDirectory();
        DirectoryEvent.DomainUpserted domain = new DirectoryEvent.DomainUpserted(1, "example.test", true);
        directory.apply(domain.key(), domain);
        for (String user : new String[] {"alice", "bob", "postmaster"}) {
            DirectoryEvent.MailboxUpserted mailbox = new DirectoryEvent.MailboxUpserted(1, user + "@example.test",
                    "example.test", user, !user.equals("bob"));
            directory.apply(mailbox.key(), mailbox);
        }
        if (ready) {
            directory.markCaughtUp();
        }
        return directory;
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
        return open(settings, directory, sink, meters, limiter, security, SpoolCapacity.unlimited());
    }

    /** As above, with a spool that may run out. */
    static EmbeddedChannel open(SmtpSettings settings, Directory directory, MessageSink sink, SimpleMeterRegistry meters,
            ConnectionLimiter limiter, ListenerSecurity security, SpoolCapacity spool) {
        SmtpSessionContext context = new SmtpSessionContext("smtp", settings,
                new SmtpCommandDispatcher(settings, directory, spool), sink, new SmtpMetrics(meters), Clock.systemUTC(),
                security, spool);
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
