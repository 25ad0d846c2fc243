package org.paperpath.standalone;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/** A bare POP3 client that returns RETR bytes exactly as sent (after removing dot-stuffing). */
final class Pop3Client implements AutoCloseable {

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    Pop3Client(int port) throws IOException {
        socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout(30_000);
        in = socket.getInputStream();
        out = socket.getOutputStream();
        expectOk(line());
    }

    void login(String user, String password) throws IOException {
        expectOk(command("USER " + user));
        expectOk(command("PASS " + password));
    }

    String command(String command) throws IOException {
        out.write((command + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
        return line();
    }

    /** STAT's message count. */
    int count() throws IOException {
        String stat = command("STAT");
        expectOk(stat);
        return Integer.parseInt(stat.split(" ")[1]);
    }

    byte[] retr(int n) throws IOException {
        expectOk(command("RETR " + n));
        ByteArrayOutputStream message = new ByteArrayOutputStream();
        while (true) {
            byte[] line = rawLine();
            if (line.length == 3 && line[0] == '.' && line[1] == '\r' && line[2] == '\n') {
                return message.toByteArray();
            }
            int from = line.length > 0 && line[0] == '.' ? 1 : 0;
            message.write(line, from, line.length - from);
        }
    }

    private String line() throws IOException {
        byte[] line = rawLine();
        return new String(line, 0, Math.max(0, line.length - 2), StandardCharsets.UTF_8);
    }

    private byte[] rawLine() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int previous = -1;
        while (true) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("connection closed");
            }
            line.write(b);
            if (previous == '\r' && b == '\n') {
                return line.toByteArray();
            }
            previous = b;
        }
    }

    private static void expectOk(String reply) throws IOException {
        if (!reply.startsWith("+OK")) {
            throw new IOException("POP3 said: " + reply);
        }
    }

    @Override
    public void close() throws IOException {
        try {
            command("QUIT");
        } finally {
            socket.close();
        }
    }
}
