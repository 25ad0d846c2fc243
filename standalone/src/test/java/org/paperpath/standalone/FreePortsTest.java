package org.paperpath.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The ports of listeners set to port 0 (broker, controller, database) and of the standalone tests'
 * children: free, distinct, and outside the ephemeral range.
 */
class FreePortsTest {

    @Test
    void readsTheKernelsEphemeralRange() {
        assumeTrue(Files.isReadable(FreePorts.PORT_RANGE), "no " + FreePorts.PORT_RANGE + " on this system");
        // JDK 17's Files.readString read "3" of "32768 60999" here, and every port came from the fallback.
        assertThat(FreePorts.ephemeralRangeStart()).isGreaterThan(1_024);
    }

    @Test
    void portsAreDistinctBindableAndBelowTheEphemeralRange() throws Exception {
        int ephemeralStart = FreePorts.ephemeralRangeStart();
        Set<Integer> ports = new HashSet<>();
        for (int i = 0; i < 50; i++) {
            int port = FreePorts.take();
            assertThat(ports.add(port)).as("port %d handed out twice", port).isTrue();
            if (ephemeralStart >= 11_000) {
                assertThat(port).isBetween(10_000, ephemeralStart - 1);
            }
            try (ServerSocket socket = new ServerSocket()) {
                socket.bind(new InetSocketAddress(port));
            }
        }
    }

    @Test
    void aPortInUseIsNeverHandedOut() throws Exception {
        // Hold a block of ports below the range: none of them may come back while they are bound.
        int ephemeralStart = FreePorts.ephemeralRangeStart();
        Set<Integer> held = new HashSet<>();
        List<ServerSocket> sockets = new ArrayList<>();
        try {
            for (int port = 10_000; port < Math.min(ephemeralStart, 10_000 + 2_000); port++) {
                ServerSocket socket = new ServerSocket();
                try {
                    socket.bind(new InetSocketAddress(port));
                    sockets.add(socket);
                    held.add(port);
                } catch (IOException inUse) {
                    socket.close();
                }
            }
            for (int i = 0; i < 200; i++) {
                assertThat(held).doesNotContain(FreePorts.take());
            }
        } finally {
            for (ServerSocket socket : sockets) {
                socket.close();
            }
        }
    }
}
