package org.paperpath.bench.maildir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The floor any Maildir delivery stands on, in plain java.nio: write a file in tmp/, fsync it,
 * rename it into new/, fsync new/ (the maildir spec's delivery steps, nothing else).
 */
final class RawDelivery {

    private static final AtomicLong COUNTER = new AtomicLong();

    private final Path root;
    private final Path tmp;
    private final Path newDir;

    RawDelivery(Path root) throws IOException {
        this.root = root;
        this.tmp = Files.createDirectories(root.resolve("tmp"));
        this.newDir = Files.createDirectories(root.resolve("new"));
        Files.createDirectories(root.resolve("cur"));
    }

    Path root() {
        return root;
    }

    Path deliver(byte[] message) throws IOException {
        String name = System.currentTimeMillis() + ".R" + COUNTER.incrementAndGet() + ".floor";
        Path file = tmp.resolve(name);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            ByteBuffer bytes = ByteBuffer.wrap(message);
            while (bytes.hasRemaining()) {
                channel.write(bytes);
            }
            channel.force(true);
        }
        Path target = newDir.resolve(name);
        Files.move(file, target, StandardCopyOption.ATOMIC_MOVE);
        try (FileChannel dir = FileChannel.open(newDir, StandardOpenOption.READ)) {
            dir.force(true);
        }
        return target;
    }

    /** A plain-text mail of exactly {@code size} bytes with CRLF line ends, as SMTP hands it over. */
    static byte[] message(int size) {
        StringBuilder text = new StringBuilder("From: bench@example.org\r\nTo: user@example.org\r\n"
                + "Subject: maildir benchmark\r\nMessage-ID: <bench@example.org>\r\n\r\n");
        while (text.length() < size) {
            text.append("The quick brown fox jumps over the lazy dog, and the maildir keeps every copy.\r\n");
        }
        text.setLength(size - 2);
        text.append("\r\n");
        return text.toString().getBytes(StandardCharsets.US_ASCII);
    }
}
