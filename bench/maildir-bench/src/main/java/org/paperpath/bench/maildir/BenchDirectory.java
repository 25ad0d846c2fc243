package org.paperpath.bench.maildir;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * A fresh directory for one benchmark trial on a real disk: under {@code -Dmaildir.bench.dir}, else
 * {@code java.io.tmpdir}. A tmpfs is refused, because its fsync(2) costs nothing and would make
 * every figure meaningless. Deleted with everything in it by {@link #delete()}, unless
 * {@code -Dmaildir.bench.keep=true}: on an ext4 without a journal, as on the reference machine,
 * creating files right after tens of thousands were deleted is slow for a minute or more, which
 * would slow the next benchmark of the same run (see README.md); the caller deletes the kept
 * directories after the run.
 */
final class BenchDirectory {

    private final Path path;

    private BenchDirectory(Path path) {
        this.path = path;
    }

    static BenchDirectory create(String prefix) throws IOException {
        Path base = Path.of(System.getProperty("maildir.bench.dir", System.getProperty("java.io.tmpdir")));
        Files.createDirectories(base);
        String type = Files.getFileStore(base).type();
        if (type.equalsIgnoreCase("tmpfs") || type.equalsIgnoreCase("ramfs")) {
            throw new IllegalStateException(base + " is on " + type + ": pass -Dmaildir.bench.dir=<a directory on the mail disk>");
        }
        Path dir = Files.createTempDirectory(base, "maildir-bench-" + prefix + "-");
        System.err.println("maildir-bench: files under " + dir + " (" + type + ")");
        return new BenchDirectory(dir);
    }

    Path path() {
        return path;
    }

    void delete() throws IOException {
        if (Boolean.getBoolean("maildir.bench.keep")) {
            System.err.println("maildir-bench: kept " + path + " (maildir.bench.keep)");
            return;
        }
        Files.walkFileTree(path, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                Files.delete(dir);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
