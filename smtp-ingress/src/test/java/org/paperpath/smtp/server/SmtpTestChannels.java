package org.paperpath.smtp.server;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import org.paperpath.directory.Directory;
import org.paperpath.directory.InMemoryDirectory;
import org.paperpath.model.event.DirectoryEvent;
import org.paperpath.smtp.protocol.SmtpCommandDispatcher;
import org.paperpath.smtp.protocol.SmtpSettings;
import org.paperpath.smtp.queue.MessageSink;

/** An SMTP session on an {@code EmbeddedChannel}, with a small directory, for protocol tests. */
final class SmtpTestChannels {

    static final String HOSTNAME = "mx.test";

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
        SmtpSessionContext context = new SmtpSessionContext("smtp", settings,
                new SmtpCommandDispatcher(settings, directory), sink, new SmtpMetrics(meters), Clock.systemUTC());
        EmbeddedChannel channel = new EmbeddedChannel(false, false);
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
