package org.paperpath.smtp.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.channel.embedded.EmbeddedChannel;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.paperpath.smtp.protocol.SmtpSettings;
import org.paperpath.smtp.queue.InMemoryMessageSink;

/**
 * Replays every {@code transcripts/*.txt}: {@code C:} lines are sent with CRLF, {@code S:} lines must
 * be the server's next reply lines ({@code *} matches anything), {@code X: closed} asserts the server
 * closed the connection, and {@code @directory not-ready} (first lines) starts with a directory that
 * has not caught up. Limits: 3 recipients, 200 octets per message, 10 errors. Every {@code queued as}
 * reply must match one message in the sink, and no transaction may stay open.
 */
class SmtpTranscriptTest {

    static final SmtpSettings SETTINGS = new SmtpSettings(SmtpTestChannels.HOSTNAME, 200, 3, 10);

    @TestFactory
    Stream<DynamicTest> transcripts() throws IOException, URISyntaxException {
        URL folder = getClass().getClassLoader().getResource("transcripts");
        assertThat(folder).isNotNull();
        List<Path> files;
        try (Stream<Path> list = Files.list(Path.of(folder.toURI()))) {
            files = list.filter(p -> p.toString().endsWith(".txt")).sorted().collect(Collectors.toList());
        }
        assertThat(files).hasSizeGreaterThanOrEqualTo(10);
        return files.stream().map(file -> DynamicTest.dynamicTest(file.getFileName().toString(), () -> replay(file)));
    }

    private void replay(Path file) throws IOException {
        List<String> script;
        try (InputStream in = Files.newInputStream(file)) {
            script = Arrays.asList(new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\r?\n"));
        }
        boolean ready = script.stream().noneMatch(line -> line.equals("@directory not-ready"));
        InMemoryMessageSink sink = new InMemoryMessageSink();
        EmbeddedChannel channel = SmtpTestChannels.open(SETTINGS, SmtpTestChannels.directory(ready), sink,
                new SimpleMeterRegistry());
        Deque<String> serverLines = new ArrayDeque<>();
        int queuedReplies = 0;
        for (int number = 1; number <= script.size(); number++) {
            String line = script.get(number - 1);
            String where = file.getFileName() + ":" + number;
            if (line.startsWith("C:")) {
                SmtpTestChannels.send(channel, clientText(line) + "\r\n");
            } else if (line.startsWith("S:")) {
                if (serverLines.isEmpty()) {
                    String received = SmtpTestChannels.received(channel);
                    assertThat(received).as(where + ": server sent no complete line").endsWith("\r\n");
                    serverLines.addAll(Arrays.asList(received.split("\r\n")));
                }
                String actual = serverLines.poll();
                String expected = clientText(line);
                assertThat(actual).as(where).matches(glob(expected));
                if (expected.contains("queued as")) {
                    queuedReplies++;
                }
            } else if (line.equals("X: closed")) {
                channel.runPendingTasks();
                assertThat(channel.isOpen()).as(where + ": connection closed").isFalse();
            }
        }
        serverLines.addAll(Arrays.asList(SmtpTestChannels.received(channel).split("\r\n")));
        serverLines.removeIf(String::isEmpty);
        assertThat(serverLines).as(file.getFileName() + ": unexpected further replies").isEmpty();
        assertThat(sink.queued()).as("messages queued").hasSize(queuedReplies);
        assertThat(sink.openTransactions()).as("open transactions").isZero();
        channel.finishAndReleaseAll();
    }

    /** The text after {@code C: } or {@code S: }; a bare {@code C:} is an empty line. */
    private static String clientText(String line) {
        return line.length() > 3 ? line.substring(3) : "";
    }

    private static Pattern glob(String expected) {
        return Pattern.compile(Arrays.stream(expected.split("\\*", -1)).map(Pattern::quote)
                .collect(Collectors.joining(".*")));
    }
}
