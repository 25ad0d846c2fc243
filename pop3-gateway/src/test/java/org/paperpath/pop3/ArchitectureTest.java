package org.paperpath.pop3;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** STYLE.md rule 6: protocol and storage code imports neither Netty nor Spring. */
class ArchitectureTest {

    @Test
    void protocolAndStorePackagesImportNeitherNettyNorSpring() throws IOException {
        Path main = Paths.get("src/main/java/org/paperpath/pop3");
        List<String> offenders;
        try (Stream<Path> files = Stream.concat(Files.walk(main.resolve("protocol")), Files.walk(main.resolve("store")))) {
            offenders = files.filter(p -> p.toString().endsWith(".java")).filter(ArchitectureTest::importsFrameworks)
                    .map(Path::toString).collect(Collectors.toList());
        }
        assertThat(offenders).isEmpty();
    }

    @Test
    void theCheckSeesAFrameworkImport() throws IOException {
        assertThat(importsFrameworks(Paths.get("src/main/java/org/paperpath/pop3/server/Pop3ServerHandler.java")))
                .isTrue();
    }

    private static boolean importsFrameworks(Path file) {
        try {
            return Files.readAllLines(file).stream()
                    .anyMatch(l -> l.startsWith("import io.netty.") || l.startsWith("import org.springframework."));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
