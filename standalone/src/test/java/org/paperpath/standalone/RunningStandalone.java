package org.paperpath.standalone;

import java.io.IOException;
import java.lang.reflect.Constructor;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * One standalone system for all the tests of a class: a class with
 * {@code @ExtendWith(RunningStandalone.class)} and {@code @TestInstance(PER_CLASS)} takes the started
 * {@link StandaloneProcess} as a constructor parameter. It runs on a data folder of its own in a
 * temporary directory, and is stopped after the class's last test, the folder then removed.
 */
final class RunningStandalone implements ParameterResolver {

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == StandaloneProcess.class
                && parameter.getDeclaringExecutable() instanceof Constructor;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> testClass = context.getRequiredTestClass();
        return context.getStore(ExtensionContext.Namespace.create(RunningStandalone.class, testClass))
                .computeIfAbsent("paperpath", key -> Started.start(testClass), Started.class).paperpath;
    }

    /** The process and its folder; JUnit closes it with the class's extension context. */
    private record Started(Path folder, StandaloneProcess paperpath) implements AutoCloseable {

        static Started start(Class<?> testClass) {
            try {
                Path folder = Files.createTempDirectory(testClass.getSimpleName() + "-");
                Started started = new Started(folder, new StandaloneProcess(folder.resolve("data")));
                try {
                    started.paperpath.start();
                } catch (Exception | Error e) {
                    started.close();
                    throw e;
                }
                return started;
            } catch (RuntimeException | Error e) {
                throw e;
            } catch (Exception e) {
                throw new IllegalStateException("paperpath did not start for " + testClass.getSimpleName(), e);
            }
        }

        @Override
        public void close() throws Exception {
            paperpath.close();
            deleteTree(folder);
        }

        /** Deletes without following symbolic links (Maildir delivery markers may be links). */
        private static void deleteTree(Path root) throws IOException {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.delete(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                    if (e != null) {
                        throw e;
                    }
                    Files.delete(dir);
                    return FileVisitResult.CONTINUE;
                }
            });
        }
    }
}
