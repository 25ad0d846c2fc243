package org.paperpath.pop3.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

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
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import org.paperpath.pop3.protocol.Pop3Events;
import org.paperpath.pop3.protocol.handler.Pop3Handlers;
import org.paperpath.pop3.store.MaildirMailboxStore;
import org.paperpath.protocol.server.ShutdownRequested;

/**
 * Replays every {@code src/test/resources/transcripts/*.txt} against one POP3 connection on an
 * EmbeddedChannel with a real Maildir ({@link Pop3TestSupport}). Lines: {@code C: text} is sent (runs of
 * C: lines go out in one write, as a pipelining client would), {@code S: text} must be the next line
 * the server sent, {@code @drop} closes the connection from the client side, {@code @idle} lets the
 * idle timeout pass, {@code @wait ms} lets that much time pass on the channel's frozen clock (delayed
 * replies are scheduled on it), {@code @nothing} checks that the server has sent nothing more yet, {@code @shutdown} fires {@link ShutdownRequested}, {@code @closed} /
 * {@code @open} check the connection, {@code @messages n} counts the files in the Maildir; {@code #}
 * starts a comment. At the end nothing unread may remain.
 */
class Pop3TranscriptTest {

    private static final Duration IDLE = Duration.ofMinutes(10);

    @TempDir
    Path temp;

    @TestFactory
    Stream<DynamicTest> transcripts() throws IOException, URISyntaxException {
        Path dir = Paths.get(getClass().getResource("/transcripts").toURI());
        List<Path> files = new ArrayList<>();
        try (Stream<Path> listed = Files.list(dir)) {
            listed.filter(p -> p.toString().endsWith(".txt")).sorted().forEach(files::add);
        }
        assertThat(files).hasSizeGreaterThanOrEqualTo(8);
        return files.stream().map(file -> DynamicTest.dynamicTest(file.getFileName().toString(), () -> replay(file)));
    }

    private void replay(Path transcript) throws IOException {
        Path mailRoot = Files.createTempDirectory(temp, "mail");
        Path maildir = Pop3TestSupport.aliceMaildir(mailRoot);
        Pop3ChannelInitializer initializer = new Pop3ChannelInitializer(
                Pop3Handlers.protocol(Pop3TestSupport.authenticator(), new MaildirMailboxStore(mailRoot, "test"),
                        Pop3Events.NONE),
                Runnable::run, Pop3Events.NONE, IDLE, 255);
        EmbeddedChannel channel = new EmbeddedChannel(new ChannelInitializer<Channel>() {
            @Override
            protected void initChannel(Channel ch) {
                initializer.accept(ch);
            }
        });
        channel.freezeTime();
        Received received = new Received(channel);
        List<String> lines = Files.readAllLines(transcript, StandardCharsets.UTF_8);
        StringBuilder pending = new StringBuilder();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            String where = transcript.getFileName() + ":" + (i + 1);
            if (line.startsWith("C:")) {
                pending.append(payload(line)).append("\r\n");
                continue;
            }
            send(channel, pending);
            if (line.startsWith("S:")) {
                assertThat(received.nextLine()).as(where).isEqualTo(payload(line));
            } else if (line.equals("@drop")) {
                channel.close();
            } else if (line.equals("@idle")) {
                channel.advanceTimeBy(IDLE.toMillis() + 1000, TimeUnit.MILLISECONDS);
                channel.runScheduledPendingTasks();
                channel.runPendingTasks();
            } else if (line.startsWith("@wait ")) {
                channel.advanceTimeBy(Long.parseLong(line.substring("@wait ".length())), TimeUnit.MILLISECONDS);
                channel.runScheduledPendingTasks();
                channel.runPendingTasks();
            } else if (line.equals("@nothing")) {
                assertThat(received.rest()).as(where + " nothing sent yet").isEmpty();
            } else if (line.equals("@shutdown")) {
                channel.pipeline().fireUserEventTriggered(ShutdownRequested.INSTANCE);
                channel.runPendingTasks();
            } else if (line.equals("@closed")) {
                assertThat(channel.isOpen()).as(where + " connection closed").isFalse();
            } else if (line.equals("@open")) {
                assertThat(channel.isOpen()).as(where + " connection open").isTrue();
            } else if (line.startsWith("@messages ")) {
                assertThat(Pop3TestSupport.messageCount(maildir)).as(where + " files in the Maildir")
                        .isEqualTo(Long.parseLong(line.substring("@messages ".length())));
            } else if (!line.isBlank() && !line.startsWith("#")) {
                fail(where + ": cannot read transcript line: " + line);
            }
        }
        send(channel, pending);
        assertThat(received.rest()).as("unexpected server output at the end").isEmpty();
        channel.finishAndReleaseAll();
    }

    private static void send(EmbeddedChannel channel, StringBuilder pending) {
        if (pending.length() > 0) {
            if (channel.isOpen()) {
                channel.writeInbound(Unpooled.copiedBuffer(pending, StandardCharsets.UTF_8));
                channel.runPendingTasks();
            }
            pending.setLength(0);
        }
    }

    /** "S: text" → "text"; "S:" → "" (an empty line of a message). */
    private static String payload(String line) {
        return line.length() <= 3 ? "" : line.substring(3);
    }

    /** The server's output as CRLF lines; a bare LF or CR is a failure. */
    private static final class Received {
        private final EmbeddedChannel channel;
        private final StringBuilder text = new StringBuilder();

        Received(EmbeddedChannel channel) {
            this.channel = channel;
        }

        String nextLine() {
            drain();
            int end = text.indexOf("\r\n");
            if (end < 0) {
                fail("expected another line from the server; got only [" + text + "]");
            }
            String line = text.substring(0, end);
            assertThat(line).as("a line with a bare CR or LF").doesNotContain("\r").doesNotContain("\n");
            text.delete(0, end + 2);
            return line;
        }

        String rest() {
            drain();
            return text.toString();
        }

        private void drain() {
            channel.runPendingTasks();
            for (Object o = channel.readOutbound(); o != null; o = channel.readOutbound()) {
                ByteBuf buf = (ByteBuf) o;
                text.append(buf.toString(StandardCharsets.ISO_8859_1));
                buf.release();
            }
        }
    }

}
