package org.paperpath.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** STYLE.md rule 6: protocol, queue, auth and quota code imports neither Netty nor Spring. */
class LayeringTest {

    private static final Path MAIN = Path.of("src/main/java/org/paperpath/smtp");

    @Test
    void protocolQueueAndAuthCodeImportNeitherNettyNorSpring() throws IOException {
        for (String pkg : List.of("protocol", "queue", "auth", "quota")) {
            List<String> offenders;
            try (Stream<Path> files = Files.walk(MAIN.resolve(pkg))) {
                offenders = files.filter(p -> p.toString().endsWith(".java"))
                        .filter(LayeringTest::importsNettyOrSpring)
                        .map(Path::toString)
                        .collect(Collectors.toList());
            }
            assertThat(offenders).as(pkg).isEmpty();
        }
        assertThat(MAIN.resolve("protocol/command/RcptHandler.java")).exists();
    }

    private static boolean importsNettyOrSpring(Path file) {
        try {
            return Files.readAllLines(file).stream()
                    .anyMatch(line -> line.startsWith("import io.netty.") || line.startsWith("import org.springframework."));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
