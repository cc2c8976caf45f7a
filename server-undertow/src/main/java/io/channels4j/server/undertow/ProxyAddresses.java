package io.channels4j.server.undertow;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** Matches a peer address against a trusted proxy given as an IP or a CIDR block. */
final class ProxyAddresses {
    private ProxyAddresses() {
    }

    static boolean matches(String proxy, InetAddress peer) {
        int slash = proxy.indexOf('/');
        InetAddress base = parse(slash < 0 ? proxy : proxy.substring(0, slash));
        byte[] a = base.getAddress();
        byte[] b = peer.getAddress();
        if (a.length != b.length) {
            return false;
        }
        int bits = slash < 0 ? a.length * 8 : Integer.parseInt(proxy.substring(slash + 1));
        if (bits < 0 || bits > a.length * 8) {
            throw new IllegalArgumentException("prefix length out of range: " + proxy);
        }
        for (int i = 0; i < a.length && bits > 0; i++, bits -= 8) {
            int mask = bits >= 8 ? 0xff : (0xff << (8 - bits)) & 0xff;
            if ((a[i] & mask) != (b[i] & mask)) {
                return false;
            }
        }
        return true;
    }

    private static InetAddress parse(String literal) {
        // only literals: a host name here would mean a DNS lookup per request
        if (!literal.matches("[0-9a-fA-F.:]+")) {
            throw new IllegalArgumentException("not an IP literal: " + literal);
        }
        try {
            return InetAddress.getByName(literal);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not an IP literal: " + literal, e);
        }
    }
}
