package org.paperpath.standalone;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/** A real client program run by a test: found on PATH or the test is skipped, bounded in time, its output kept. */
final class ExternalCommand {

    /** The exit code and everything the program wrote (stdout and stderr together). */
    record Result(int exitCode, String output) {
    }

    private ExternalCommand() {
    }

    /** Skips the calling test, naming the Debian package, when {@code program} is not on PATH. */
    static Path require(String program, String debianPackage) {
        Optional<Path> found = onPath(program);
        Assumptions.assumeTrue(found.isPresent(),
                program + " is not installed (apt-get install " + debianPackage + "): interop test skipped");
        return found.get();
    }

    static Optional<Path> onPath(String program) {
        String path = System.getenv().getOrDefault("PATH", "/usr/local/bin:/usr/bin:/bin");
        for (String dir : path.split(File.pathSeparator)) {
            Path candidate = Path.of(dir.isEmpty() ? "." : dir, program);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    static Result run(List<String> command, Map<String, String> env, byte[] stdin, Path workDir, Duration timeout)
            throws IOException, InterruptedException {
        Files.createDirectories(workDir);
        Path output = Files.createTempFile(workDir, "output-", ".txt");
        ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true)
                .redirectOutput(output.toFile());
        builder.environment().putAll(env);
        Process process = builder.start();
        try (var in = process.getOutputStream()) {
            in.write(stdin);
        } catch (IOException e) {
            // the program did not read all of its input; its exit code and output tell why
        }
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            throw new AssertionError(command.get(0) + " did not finish within " + timeout + ": "
                    + new String(Files.readAllBytes(output), StandardCharsets.UTF_8));
        }
        return new Result(process.exitValue(), new String(Files.readAllBytes(output), StandardCharsets.UTF_8));
    }
}
