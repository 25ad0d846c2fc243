package org.paperpath.protocol.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

class NetworkListTest {

    @Test
    void matchesAddressesInsideItsNetworksOnly() throws Exception {
        NetworkList list = NetworkList.parse(List.of("192.0.2.0/24", " 10.1.2.3 ", "2001:db8::/33", "172.16.0.0/12"),
                "test.networks");
        assertThat(list.contains(InetAddress.getByName("192.0.2.77"))).isTrue();
        assertThat(list.contains(InetAddress.getByName("192.0.3.1"))).isFalse();
        assertThat(list.contains(InetAddress.getByName("10.1.2.3"))).isTrue();
        assertThat(list.contains(InetAddress.getByName("10.1.2.4"))).isFalse();
        assertThat(list.contains(InetAddress.getByName("172.31.255.255"))).isTrue();
        assertThat(list.contains(InetAddress.getByName("172.32.0.0"))).isFalse();
        assertThat(list.contains(InetAddress.getByName("2001:db8:7fff::1"))).isTrue();
        assertThat(list.contains(InetAddress.getByName("2001:db8:8000::1"))).isFalse();
        assertThat(list.contains(new InetSocketAddress("192.0.2.1", 25))).isTrue();
    }

    @Test
    void emptyTrustsNobodyNotEvenLoopback() throws Exception {
        NetworkList list = NetworkList.parse(List.of(), "test.networks");
        assertThat(list.isEmpty()).isTrue();
        assertThat(list.contains(InetAddress.getLoopbackAddress())).isFalse();
    }

    @Test
    void namesAndBadPrefixesAreRefusedWithTheProperty() {
        for (String bad : new String[] {"localhost", "10.0.0.0/33", "10.0.0.256", "10.0.0.0/", "::1/129", "1.2.3"}) {
            assertThatThrownBy(() -> NetworkList.parse(List.of(bad), "paperpath.test"))
                    .as(bad).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("paperpath.test");
        }
    }
}
