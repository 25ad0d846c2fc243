package org.paperpath.imap.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.embedded.EmbeddedChannel;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.paperpath.imap.protocol.handler.ImapHandlers;
import org.paperpath.protocol.server.ShutdownRequested;

/**
 * Replays {@code src/test/resources/transcripts/*.txt} on an EmbeddedChannel: {@code C: text} is sent
 * (runs of C: lines in one write), {@code S: text} must be the server's next line, {@code @shutdown}
 * fires {@link ShutdownRequested}, {@code @closed} / {@code @open} check the connection, {@code #} is
 * a comment. Nothing unread may remain at the end.
 */
class ImapTranscriptTest {

    @TestFactory
    Stream<DynamicTest> transcripts() throws IOException, URISyntaxException {
        Path dir = Paths.get(getClass().getResource("/transcripts").toURI());
        List<Path> files = new ArrayList<>();
        try (Stream<Path> listed = Files.list(dir)) {
            listed.filter(p -> p.toString().endsWith(".txt")).sorted().forEach(files::add);
        }
        assertThat(files).isNotEmpty();
        return files.stream().map(file -> DynamicTest.dynamicTest(file.getFileName().toString(), () -> replay(file)));
    }

    private static void replay(Path transcript) throws IOException {
        Counter sessions = Counter.builder("paperpath.imap.sessions").register(new SimpleMeterRegistry());
        ImapChannelInitializer initializer = new ImapChannelInitializer(ImapHandlers.protocol(), sessions,
                Duration.ofMinutes(30), 8192);
        EmbeddedChannel channel = new EmbeddedChannel(new ChannelInitializer<Channel>() {
            @Override
            protected void initChannel(Channel ch) {
                initializer.accept(ch);
            }
        });
        assertThat(sessions.count()).isEqualTo(1);
        StringBuilder received = new StringBuilder();
        StringBuilder pending = new StringBuilder();
        List<String> lines = Files.readAllLines(transcript, StandardCharsets.UTF_8);
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            String where = transcript.getFileName() + ":" + (i + 1);
            if (line.startsWith("C:")) {
                pending.append(line.substring(3)).append("\r\n");
                continue;
            }
            send(channel, pending);
            if (line.startsWith("S:")) {
                drain(channel, received);
                int end = received.indexOf("\r\n");
                assertThat(end).as(where + " another line from the server in [" + received + "]").isNotNegative();
                assertThat(received.substring(0, end)).as(where).isEqualTo(line.substring(3));
                received.delete(0, end + 2);
            } else if (line.equals("@shutdown")) {
                channel.pipeline().fireUserEventTriggered(ShutdownRequested.INSTANCE);
                channel.runPendingTasks();
            } else if (line.equals("@closed")) {
                assertThat(channel.isOpen()).as(where + " connection closed").isFalse();
            } else if (line.equals("@open")) {
                assertThat(channel.isOpen()).as(where + " connection open").isTrue();
            } else if (!line.isBlank() && !line.startsWith("#")) {
                fail(where + ": cannot read transcript line: " + line);
            }
        }
        send(channel, pending);
        drain(channel, received);
        assertThat(received.toString()).as("unexpected server output at the end").isEmpty();
        channel.finishAndReleaseAll();
    }

    private static void send(EmbeddedChannel channel, StringBuilder pending) {
        if (pending.length() > 0 && channel.isOpen()) {
            channel.writeInbound(Unpooled.copiedBuffer(pending, StandardCharsets.UTF_8));
        }
        pending.setLength(0);
    }

    private static void drain(EmbeddedChannel channel, StringBuilder received) {
        channel.runPendingTasks();
        for (Object o = channel.readOutbound(); o != null; o = channel.readOutbound()) {
            ByteBuf buf = (ByteBuf) o;
            received.append(buf.toString(StandardCharsets.UTF_8));
            buf.release();
        }
    }
}
