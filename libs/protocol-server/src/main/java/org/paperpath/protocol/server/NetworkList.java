package org.paperpath.protocol.server;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/**
 * A list of IP networks in CIDR notation ({@code 192.0.2.0/24}, {@code 2001:db8::/32}, or a single
 * address), parsed without any DNS lookup. Used for settings that trust client networks; empty
 * trusts nobody.
 */
public final class NetworkList {

    private static final NetworkList NONE = new NetworkList(List.of());

    private final List<Network> networks;

    private NetworkList(List<Network> networks) {
        this.networks = List.copyOf(networks);
    }

    public static NetworkList none() {
        return NONE;
    }

    /**
     * @param property the setting's name, for the message of a bad entry
     * @throws IllegalArgumentException naming the property and the entry that does not parse
     */
    public static NetworkList parse(List<String> entries, String property) {
        List<Network> networks = new ArrayList<>();
        for (String entry : entries) {
            String text = entry.strip();
            if (text.isEmpty()) {
                continue;
            }
            try {
                networks.add(Network.parse(text));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(property + ": not a network in CIDR notation: " + entry, e);
            }
        }
        return networks.isEmpty() ? NONE : new NetworkList(networks);
    }

    public boolean isEmpty() {
        return networks.isEmpty();
    }

    public boolean contains(InetAddress address) {
        byte[] bytes = address.getAddress();
        return networks.stream().anyMatch(network -> network.contains(bytes));
    }

    /** False for anything that is not an IP socket address (an embedded or local channel). */
    public boolean contains(SocketAddress address) {
        return address instanceof InetSocketAddress inet && inet.getAddress() != null && contains(inet.getAddress());
    }

    private record Network(byte[] prefix, int bits) {

        static Network parse(String text) {
            int slash = text.indexOf('/');
            String host = slash < 0 ? text : text.substring(0, slash);
            byte[] address = literal(host);
            int bits = address.length * 8;
            if (slash >= 0) {
                String length = text.substring(slash + 1);
                if (length.isEmpty() || length.length() > 3 || !length.chars().allMatch(Character::isDigit)) {
                    throw new IllegalArgumentException("bad prefix length");
                }
                bits = Integer.parseInt(length);
                if (bits > address.length * 8) {
                    throw new IllegalArgumentException("prefix length too long");
                }
            }
            return new Network(address, bits);
        }

        /** An IP literal only: anything else would make InetAddress ask the DNS. */
        private static byte[] literal(String host) {
            boolean v4 = host.matches("\\d{1,3}(\\.\\d{1,3}){3}");
            boolean v6 = host.contains(":") && host.matches("[0-9A-Fa-f:.]+");
            if (!v4 && !v6) {
                throw new IllegalArgumentException("not an IP address");
            }
            if (v4 && !java.util.Arrays.stream(host.split("\\.")).allMatch(octet -> Integer.parseInt(octet) < 256)) {
                throw new IllegalArgumentException("not an IP address");
            }
            try {
                return InetAddress.getByName(host).getAddress();
            } catch (UnknownHostException e) {
                throw new IllegalArgumentException("not an IP address", e);
            }
        }

        boolean contains(byte[] address) {
            if (address.length != prefix.length) {
                return false;
            }
            int full = bits / 8;
            for (int i = 0; i < full; i++) {
                if (address[i] != prefix[i]) {
                    return false;
                }
            }
            int rest = bits % 8;
            if (rest == 0) {
                return true;
            }
            int mask = (0xFF << (8 - rest)) & 0xFF;
            return (address[full] & mask) == (prefix[full] & mask);
        }
    }
}
