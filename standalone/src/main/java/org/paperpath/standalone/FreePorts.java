package org.paperpath.standalone;

import java.io.BufferedReader;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Ports for listeners whose port is set to 0 (the in-process broker, its controller and the
 * embedded database): free now, and below the kernel's ephemeral range. A port from
 * {@code new ServerSocket(0)} lies inside that range, and in the seconds before the listener binds
 * it (PostgreSQL takes several to start) the kernel can give the same port to a client connection,
 * ours or another program's; the listener then fails with BindException. A fresh-clone CI run of the
 * standalone tests failed so. Below the range the kernel never hands a port out by itself.
 */
final class FreePorts {

    static final Path PORT_RANGE = Path.of("/proc/sys/net/ipv4/ip_local_port_range");
    private static final int LOWEST = 10_000;
    private static final int ATTEMPTS = 200;
    private static final Random RANDOM = new Random();
    /** Ports this JVM handed out: two listeners of one process (or of one test run) never share one. */
    private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();

    private FreePorts() {
    }

    /**
     * A port from 10000 up to the ephemeral range, drawn at random, bindable now, never handed out
     * before by this JVM; from {@code new ServerSocket(0)} where the range leaves fewer than 1000
     * ports below it.
     */
    static int take() throws IOException {
        int high = ephemeralRangeStart();
        return high - LOWEST >= 1_000 ? below(high) : fromKernel();
    }

    private static int below(int high) throws IOException {
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            int port = LOWEST + RANDOM.nextInt(high - LOWEST);
            if (!HANDED_OUT.add(port)) {
                continue;
            }
            try (ServerSocket socket = new ServerSocket()) {
                socket.bind(new InetSocketAddress(port));
                return port;
            } catch (IOException taken) {
                // another program's: draw again
            }
        }
        throw new IOException("no free port between " + LOWEST + " and " + high + " after " + ATTEMPTS + " attempts");
    }

    /** The kernel reuses a port just released: ask again until it names one not handed out yet. */
    private static int fromKernel() throws IOException {
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            try (ServerSocket socket = new ServerSocket(0)) {
                if (HANDED_OUT.add(socket.getLocalPort())) {
                    return socket.getLocalPort();
                }
            }
        }
        throw new IOException("no new free port from the kernel after " + ATTEMPTS + " attempts");
    }

    /**
     * The first port of {@code net.ipv4.ip_local_port_range}; 32768 (Linux's default) where unreadable.
     * Read through a buffered reader: {@code Files.readString} sizes its first read by the file's
     * size, which procfs reports as 0, and this sysctl answers a read at a nonzero offset with end of
     * file, so on JDK 17 it returned "3" (of "32768 60999") and every port came from the fallback.
     */
    static int ephemeralRangeStart() {
        try (BufferedReader reader = Files.newBufferedReader(PORT_RANGE)) {
            String range = reader.readLine().trim();
            return Integer.parseInt(range.split("\\s+")[0]);
        } catch (IOException | RuntimeException e) {
            return 32_768;
        }
    }
}
