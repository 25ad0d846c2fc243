package org.paperpath.protocol.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ProxyProtocolHandlerTest {

    private static final InetSocketAddress PROXY = new InetSocketAddress("10.0.0.5", 51000);
    private static final InetSocketAddress STRANGER = new InetSocketAddress("203.0.113.9", 51000);
    private static final NetworkList TRUSTED = NetworkList.parse(List.of("10.0.0.0/8"), "test");

    private final List<ProxyProtocol.Outcome> outcomes = new ArrayList<>();
    private final Downstream downstream = new Downstream();

    @Test
    void v1HeaderFromTrustedProxyNamesTheClient() {
        EmbeddedChannel channel = connect(PROXY);
        send(channel, "PROXY TCP4 198.51.100.7 192.0.2.1 40123 25\r\nEHLO client\r\n", 0);

        assertThat(downstream.clientAtActive).isEqualTo(new InetSocketAddress("198.51.100.7", 40123));
        assertThat(ClientAddress.ip(channel)).isEqualTo("198.51.100.7");
        assertThat(downstream.text()).isEqualTo("EHLO client\r\n");
        assertThat(outcomes).containsExactly(ProxyProtocol.Outcome.PROXIED);
        assertThat(channel.pipeline().names()).noneMatch(name -> name.startsWith("proxy-protocol"));
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 7, 13})
    void v1HeaderInFragmentsIsTheSame(int fragment) {
        EmbeddedChannel channel = connect(PROXY);
        send(channel, "PROXY TCP6 2001:db8::7 2001:db8::1 40123 25\r\nEHLO client\r\n", fragment);

        assertThat(downstream.clientAtActive).isEqualTo(new InetSocketAddress("2001:db8::7", 40123));
        assertThat(downstream.text()).isEqualTo("EHLO client\r\n");
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 5, 16})
    void v2Tcp4HeaderNamesTheClient(int fragment) throws UnknownHostException {
        EmbeddedChannel channel = connect(PROXY);
        byte[] header = v2(0x21, 0x11, address("198.51.100.7", "192.0.2.1", 40123, 25));
        send(channel, concat(header, "EHLO client\r\n".getBytes(StandardCharsets.US_ASCII)), fragment);

        assertThat(downstream.clientAtActive).isEqualTo(new InetSocketAddress("198.51.100.7", 40123));
        assertThat(downstream.text()).isEqualTo("EHLO client\r\n");
        assertThat(outcomes).containsExactly(ProxyProtocol.Outcome.PROXIED);
    }

    @Test
    void v2Tcp6HeaderNamesTheClient() throws UnknownHostException {
        EmbeddedChannel channel = connect(PROXY);
        send(channel, v2(0x21, 0x21, address("2001:db8::7", "2001:db8::1", 40123, 587)), 0);

        assertThat(downstream.clientAtActive).isEqualTo(new InetSocketAddress("2001:db8::7", 40123));
        assertThat(ClientAddress.ip(channel)).isEqualTo("2001:db8:0:0:0:0:0:7");
    }

    @Test
    void v2LocalCommandKeepsTheProxysOwnAddress() throws UnknownHostException {
        EmbeddedChannel channel = connect(PROXY);
        send(channel, concat(v2(0x20, 0x00, new byte[0]), "QUIT\r\n".getBytes(StandardCharsets.US_ASCII)), 0);

        assertThat(downstream.clientAtActive).isEqualTo(PROXY);
        assertThat(downstream.text()).isEqualTo("QUIT\r\n");
        assertThat(outcomes).containsExactly(ProxyProtocol.Outcome.LOCAL);
    }

    @Test
    void v1UnknownKeepsTheProxysOwnAddress() {
        EmbeddedChannel channel = connect(PROXY);
        send(channel, "PROXY UNKNOWN\r\n", 0);

        assertThat(downstream.clientAtActive).isEqualTo(PROXY);
        assertThat(outcomes).containsExactly(ProxyProtocol.Outcome.LOCAL);
    }

    @Test
    void untrustedPeerSendingProxyIsNotInterpreted() {
        EmbeddedChannel channel = connect(STRANGER);
        assertThat(downstream.clientAtActive).as("active at once").isEqualTo(STRANGER);

        send(channel, "PROXY TCP4 198.51.100.7 192.0.2.1 40123 25\r\n", 0);

        assertThat(ClientAddress.of(channel)).isEqualTo(STRANGER);
        assertThat(downstream.text()).isEqualTo("PROXY TCP4 198.51.100.7 192.0.2.1 40123 25\r\n");
        assertThat(outcomes).isEmpty();
    }

    @Test
    void trustedPeerWithoutHeaderIsClosedBeforeAnythingStarts() {
        EmbeddedChannel channel = connect(PROXY);
        send(channel, "EHLO client.example\r\n", 0);

        assertThat(channel.isOpen()).isFalse();
        assertThat(downstream.clientAtActive).as("never active downstream").isNull();
        assertThat(downstream.text()).isEmpty();
        assertThat(outcomes).containsExactly(ProxyProtocol.Outcome.INVALID);
    }

    @Test
    void garbageIsClosed() {
        EmbeddedChannel channel = connect(PROXY);
        send(channel, "PROXY TCP4 999.1.1.1 192.0.2.1 40123 25\r\n", 0);

        assertThat(channel.isOpen()).isFalse();
        assertThat(downstream.clientAtActive).isNull();
        assertThat(outcomes).containsExactly(ProxyProtocol.Outcome.INVALID);
    }

    @Test
    void overlongV1LineIsClosed() {
        EmbeddedChannel channel = connect(PROXY);
        send(channel, "PROXY TCP4 " + "1".repeat(200), 0);

        assertThat(channel.isOpen()).isFalse();
        assertThat(outcomes).containsExactly(ProxyProtocol.Outcome.INVALID);
    }

    @Test
    void silentTrustedPeerIsClosedAfterTheHeaderTimeout() {
        EmbeddedChannel channel = connect(PROXY);
        send(channel, "PROXY TCP4", 0);
        channel.advanceTimeBy(9, TimeUnit.SECONDS);
        channel.runScheduledPendingTasks();
        assertThat(channel.isOpen()).isTrue();

        channel.advanceTimeBy(2, TimeUnit.SECONDS);
        channel.runScheduledPendingTasks();

        assertThat(channel.isOpen()).isFalse();
        assertThat(downstream.clientAtActive).isNull();
        assertThat(outcomes).containsExactly(ProxyProtocol.Outcome.TIMEOUT);
    }

    @Test
    void offInstallsNothing() {
        EmbeddedChannel channel = new EmbeddedChannel(false, false);
        ProxyProtocol.off().install(channel.pipeline());
        assertThat(channel.pipeline().names()).noneMatch(name -> name.startsWith("proxy-protocol"));
    }

    private EmbeddedChannel connect(InetSocketAddress peer) {
        EmbeddedChannel channel = new EmbeddedChannel(false, false) {
            @Override
            protected SocketAddress remoteAddress0() {
                return peer;
            }
        };
        new ProxyProtocol(TRUSTED, Duration.ofSeconds(10), outcomes::add).install(channel.pipeline());
        channel.pipeline().addLast(downstream);
        try {
            channel.register();
            channel.freezeTime();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return channel;
    }

    private static void send(EmbeddedChannel channel, String text, int fragment) {
        send(channel, text.getBytes(StandardCharsets.US_ASCII), fragment);
    }

    private static void send(EmbeddedChannel channel, byte[] bytes, int fragment) {
        int step = fragment == 0 ? bytes.length : fragment;
        for (int i = 0; i < bytes.length && channel.isOpen(); i += step) {
            channel.writeInbound(Unpooled.wrappedBuffer(bytes, i, Math.min(step, bytes.length - i)));
            channel.runPendingTasks();
        }
    }

    /** A v2 header (proxy-protocol.txt section 2.2): signature, version and command, family, length, addresses. */
    private static byte[] v2(int versionAndCommand, int family, byte[] addresses) {
        ByteBuffer header = ByteBuffer.allocate(16 + addresses.length);
        header.put(new byte[] {0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A});
        header.put((byte) versionAndCommand).put((byte) family).putShort((short) addresses.length).put(addresses);
        return header.array();
    }

    private static byte[] address(String source, String destination, int sourcePort, int destinationPort)
            throws UnknownHostException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(InetAddress.getByName(source).getAddress());
        out.writeBytes(InetAddress.getByName(destination).getAddress());
        out.writeBytes(ByteBuffer.allocate(4).putShort((short) sourcePort).putShort((short) destinationPort).array());
        return out.toByteArray();
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    /** Stands for the protocol: remembers who the client was when it became active, and what it read. */
    private static final class Downstream extends ChannelInboundHandlerAdapter {
        SocketAddress clientAtActive;
        final StringBuilder read = new StringBuilder();

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            clientAtActive = ClientAddress.of(ctx.channel());
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ByteBuf buf = (ByteBuf) msg;
            read.append(buf.toString(StandardCharsets.US_ASCII));
            buf.release();
        }

        String text() {
            return read.toString();
        }
    }
}
