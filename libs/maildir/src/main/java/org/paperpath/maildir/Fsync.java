package org.paperpath.maildir;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** fsync(2) of a directory, so that a rename or link in it survives a crash (maildir spec, delivery step 4). */
final class Fsync {

    private Fsync() {
    }

    static void directory(Path dir) throws IOException {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }
}
