package org.paperpath.smtp.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.paperpath.protocol.server.NetworkList;
import org.paperpath.protocol.server.SelfSignedPem;
import org.paperpath.protocol.server.TlsContextProvider;
import org.paperpath.smtp.FakeAuthenticator;
import org.paperpath.smtp.auth.AuthThrottle;
import org.paperpath.smtp.protocol.SmtpSettings;
import org.paperpath.smtp.queue.InMemoryMessageSink;
import org.paperpath.smtp.queue.SpoolFreeSpace;
import org.paperpath.smtp.quota.MaildirQuotaCheck;

/**
 * Replays every {@code transcripts/*.txt}, once line by line and once in 1-octet fragments:
 * {@code C:} lines are sent with CRLF; {@code P:} lines are held and go in one write with the next
 * {@code C:} line (a pipelined group); {@code C*N:} sends its line N times; {@code {N*x}} in a client
 * line stands for N times the character x. {@code S:} lines must be the server's next reply lines
 * ({@code *} matches anything), {@code X: closed} asserts the server closed the connection.
 * Directives: {@code @directory not-ready} starts with a directory that has not caught up,
 * {@code @max-size N} sets the message size limit, {@code @postmaster-domain D} the postmaster
 * domain, {@code @sender-not-enforced} lets authenticated sessions send as anyone. Listener directives, any of which makes the client connect from 192.0.2.10: {@code @tls} (a
 * certificate: STARTTLS is offered), {@code @auth} (AUTH against {@link FakeAuthenticator}),
 * {@code @plaintext-auth} (192.0.2.0/24 may AUTH without TLS), {@code @submission} (MAIL needs AUTH),
 * {@code @relay-client} (192.0.2.10 may relay), {@code @auth-throttle} (AUTH refused after 2 failures
 * for one account from the client, or 3 from the client; replies held back 1 s, 2 s, up to 4 s, so the
 * replayer moves the channel's clock 5 s on before it reads replies).
 * Spool directives, which take effect where they stand in the script: {@code @spool-free N} makes the
 * spool's volume report N usable octets (the minimum is 1000; plenty until said otherwise),
 * {@code @spool-removed} deletes the spool directory.
 * The directory and the mailboxes' quota files are {@link SmtpTestChannels#directory} and
 * {@link SmtpTestChannels#mailRoot}. Limits otherwise: 3 recipients, 200 octets per message, 10 errors. Every {@code queued as}
 * reply must match one message in the sink, and no transaction may stay open.
 */
class SmtpTranscriptTest {

    @TestFactory
    Stream<DynamicTest> transcripts() throws IOException, URISyntaxException {
        URL folder = getClass().getClassLoader().getResource("transcripts");
        assertThat(folder).isNotNull();
        List<Path> files;
        try (Stream<Path> list = Files.list(Path.of(folder.toURI()))) {
            files = list.filter(p -> p.toString().endsWith(".txt")).sorted().collect(Collectors.toList());
        }
        assertThat(files).hasSizeGreaterThanOrEqualTo(10);
        return files.stream().flatMap(file -> Stream.of(
                DynamicTest.dynamicTest(file.getFileName().toString(), () -> replay(file, 0)),
                DynamicTest.dynamicTest(file.getFileName() + " in fragments", () -> replay(file, 1))));
    }

    private void replay(Path file, int fragment) throws IOException {
        List<String> script;
        try (InputStream in = Files.newInputStream(file)) {
            script = Arrays.asList(new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\r?\n"));
        }
        boolean ready = script.stream().noneMatch(line -> line.equals("@directory not-ready"));
        long maxSize = Long.parseLong(directive(script, "@max-size ").orElse("200"));
        SmtpSettings settings = new SmtpSettings(SmtpTestChannels.HOSTNAME, maxSize, 3, 10,
                directive(script, "@postmaster-domain "), !script.contains("@sender-not-enforced"));
        InMemoryMessageSink sink = new InMemoryMessageSink();
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        Path spool = Files.createTempDirectory("smtp-transcript-spool");
        Path mailRoot = SmtpTestChannels.mailRoot();
        AtomicLong usable = new AtomicLong(Long.MAX_VALUE);
        EmbeddedChannel channel = SmtpTestChannels.open(settings, SmtpTestChannels.directory(ready), sink, meters,
                new ConnectionLimiter(1000, 20, new SmtpMetrics(meters)), security(script),
                new SpoolFreeSpace(spool, 1000, path -> usable.get()), new MaildirQuotaCheck(mailRoot));
        StringBuilder pipelined = new StringBuilder();
        Deque<String> serverLines = new ArrayDeque<>();
        int queuedReplies = 0;
        for (int number = 1; number <= script.size(); number++) {
            String line = script.get(number - 1);
            String where = file.getFileName() + ":" + number;
            Matcher repeated = REPEATED.matcher(line);
            if (line.startsWith("P:")) {
                pipelined.append(expand(clientText(line))).append("\r\n");
            } else if (line.startsWith("C:") || repeated.matches()) {
                String text = repeated.matches() ? repeated.group(2) : clientText(line);
                int times = repeated.matches() ? Integer.parseInt(repeated.group(1)) : 1;
                pipelined.append((expand(text) + "\r\n").repeat(times));
                send(channel, pipelined.toString(), fragment);
                pipelined.setLength(0);
            } else if (line.startsWith("S:")) {
                if (serverLines.isEmpty()) {
                    if (script.contains("@auth-throttle")) {
                        channel.advanceTimeBy(5, TimeUnit.SECONDS);
                    }
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
            } else if (line.startsWith("@spool-free ")) {
                usable.set(Long.parseLong(line.substring("@spool-free ".length())));
            } else if (line.equals("@spool-removed")) {
                Files.delete(spool);
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
        Files.deleteIfExists(spool);
        try (Stream<Path> files = Files.walk(mailRoot)) {
            for (Path path : (Iterable<Path>) files.sorted(Comparator.reverseOrder())::iterator) {
                Files.delete(path);
            }
        }
    }

    private static ListenerSecurity security(List<String> script) {
        boolean tls = script.contains("@tls");
        boolean auth = script.contains("@auth");
        boolean submission = script.contains("@submission");
        NetworkList plaintext = script.contains("@plaintext-auth")
                ? NetworkList.parse(List.of("192.0.2.0/24"), "test") : NetworkList.none();
        NetworkList relay = script.contains("@relay-client")
                ? NetworkList.parse(List.of("192.0.2.10"), "test") : NetworkList.none();
        AuthThrottle throttle = script.contains("@auth-throttle") ? new AuthThrottle(new AuthThrottle.Limits(3, 2,
                Duration.ofMinutes(15), Duration.ofSeconds(1), Duration.ofSeconds(4)), Clock.systemUTC())
                : AuthThrottle.off();
        if (!tls && !auth && !submission && plaintext.isEmpty() && relay.isEmpty()) {
            return ListenerSecurity.none();
        }
        return new ListenerSecurity(tls ? Optional.of(tlsMaterial()) : Optional.empty(), false,
                auth ? Optional.of(new FakeAuthenticator()) : Optional.empty(), submission ? "submission" : "smtp",
                submission, plaintext, relay, Runnable::run, throttle);
    }

    private static TlsContextProvider tlsMaterial;

    private static synchronized TlsContextProvider tlsMaterial() {
        if (tlsMaterial == null) {
            try {
                Path dir = Files.createTempDirectory("smtp-transcript-tls");
                SelfSignedPem.write(dir.resolve("cert.pem"), dir.resolve("key.pem"), SmtpTestChannels.HOSTNAME);
                tlsMaterial = new TlsContextProvider(dir.resolve("cert.pem"), dir.resolve("key.pem"),
                        Duration.ofMinutes(1), Clock.systemUTC());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return tlsMaterial;
    }

    private static final Pattern REPEATED = Pattern.compile("C\\*(\\d+): ?(.*)");
    private static final Pattern RUN = Pattern.compile("\\{(\\d+)\\*(.)}");

    private static void send(EmbeddedChannel channel, String text, int fragment) {
        if (fragment == 0) {
            SmtpTestChannels.send(channel, text);
            return;
        }
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        // A server that closed mid-script (a non-TLS octet after STARTTLS) reads nothing more.
        for (int i = 0; i < bytes.length && channel.isOpen(); i += fragment) {
            channel.writeInbound(Unpooled.wrappedBuffer(bytes, i, Math.min(fragment, bytes.length - i)));
            channel.runPendingTasks();
        }
    }

    private static String expand(String text) {
        return RUN.matcher(text).replaceAll(run -> Matcher.quoteReplacement(
                run.group(2).repeat(Integer.parseInt(run.group(1)))));
    }

    private static Optional<String> directive(List<String> script, String prefix) {
        return script.stream().filter(line -> line.startsWith(prefix)).map(line -> line.substring(prefix.length()))
                .findFirst();
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
