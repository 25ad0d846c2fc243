package org.paperpath.sendmail;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A one-connection SMTP server on loopback that answers from a script and records the exact
 * transcript: {@code S:} replies, {@code C:} commands, {@code D:} message data lines as they
 * arrived (still dot-stuffed). Every wait is bounded, so a broken client fails the test, not the build.
 *
 * <p>Script keys: {@code greeting}, a verb ({@code EHLO}, {@code MAIL}, {@code DATA}, ...), a full
 * command ({@code RCPT TO:<x@y>}) which wins over its verb, and {@code .} for the end of data. A
 * reply of {@code CLOSE} closes the connection instead of answering.
 */
final class ScriptedSmtpServer implements AutoCloseable {

    private static final Map<String, String> DEFAULTS = Map.of(
            "greeting", "220 fake.test ESMTP",
            "EHLO", "250-fake.test\r\n250-PIPELINING\r\n250 8BITMIME",
            "HELO", "250 fake.test",
            "MAIL", "250 2.1.0 ok",
            "RCPT", "250 2.1.5 ok",
            "DATA", "354 go ahead",
            ".", "250 2.0.0 queued as Q1",
            "QUIT", "221 2.0.0 bye",
            "RSET", "250 2.0.0 ok");

    private final ServerSocket server;
    private final Map<String, String> script = new HashMap<>(DEFAULTS);
    private final List<String> transcript = Collections.synchronizedList(new ArrayList<>());
    private final Thread thread;

    ScriptedSmtpServer(Map<String, String> overrides) throws IOException {
        script.putAll(overrides);
        server = new ServerSocket();
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        server.setSoTimeout(10_000);
        thread = new Thread(this::serveOne, "scripted-smtp");
        thread.setDaemon(true);
        thread.start();
    }

    int port() {
        return server.getLocalPort();
    }

    /** The transcript once the client has gone (or after ten seconds, whatever was said by then). */
    List<String> transcript() throws InterruptedException {
        thread.join(TimeUnit.SECONDS.toMillis(10));
        synchronized (transcript) {
            return List.copyOf(transcript);
        }
    }

    private void serveOne() {
        try (Socket socket = server.accept()) {
            socket.setSoTimeout(10_000);
            InputStream in = new BufferedInputStream(socket.getInputStream());
            OutputStream out = socket.getOutputStream();
            if (!answer(out, script.get("greeting"))) {
                return;
            }
            boolean data = false;
            String line;
            while ((line = line(in)) != null) {
                if (data) {
                    transcript.add("D: " + line);
                    if (line.equals(".")) {
                        data = false;
                        if (!answer(out, script.get("."))) {
                            return;
                        }
                    }
                    continue;
                }
                transcript.add("C: " + line);
                String verb = line.split(" ", 2)[0].toUpperCase(Locale.ROOT);
                String reply = script.getOrDefault(line, script.getOrDefault(verb, "500 5.5.2 unknown command"));
                if (!answer(out, reply)) {
                    return;
                }
                data = verb.equals("DATA") && reply.startsWith("354");
                if (verb.equals("QUIT")) {
                    return;
                }
            }
        } catch (IOException e) {
            transcript.add("! " + e);
        }
    }

    private boolean answer(OutputStream out, String reply) throws IOException {
        if (reply.equals("CLOSE")) {
            return false;
        }
        for (String line : reply.split("\r\n")) {
            transcript.add("S: " + line);
        }
        out.write((reply + "\r\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
        return true;
    }

    /** One line without its CRLF; a line ended by a bare LF is recorded with a marker, it must not happen. */
    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != '\n') {
            if (b == -1) {
                return line.size() == 0 ? null : line.toString(StandardCharsets.UTF_8) + "<EOF>";
            }
            line.write(b);
        }
        String text = line.toString(StandardCharsets.UTF_8);
        return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text + "<bare LF>";
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
