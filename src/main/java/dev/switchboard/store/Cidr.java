package dev.switchboard.store;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/**
 * An address block in CIDR notation ({@code 192.168.1.0/24}, {@code fd00::/8}); a bare address is a block of
 * one. The {@code allowed-ips} setting is a list of these.
 *
 * <p>Parsing never touches DNS: only IP literals are accepted, so a name in the setting is an error rather
 * than a lookup whose answer an attacker may control. IPv4-mapped IPv6 addresses ({@code ::ffff:10.0.0.1})
 * are compared as the IPv4 address they carry, which is how a dual-stack socket reports an IPv4 client.
 */
public record Cidr(InetAddress network, int prefix) {
    private static final Pattern IPV4 = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");

    public Cidr {
        network = unmapped(network);
        int bits = network.getAddress().length * 8;
        if (prefix < 0 || prefix > bits) {
            throw new IllegalArgumentException("a prefix length of " + prefix + " is out of range (0 to " + bits
                    + ").");
        }
        network = masked(network, prefix);
    }

    /** Parses {@code address/prefix} or a bare address. */
    public static Cidr parse(String text) {
        var t = text == null ? "" : text.strip();
        int slash = t.indexOf('/');
        var address = literal(slash < 0 ? t : t.substring(0, slash));
        if (address == null) {
            throw new IllegalArgumentException("'" + t + "' is not an IP address or CIDR block (for example"
                    + " 192.168.1.0/24, 10.0.0.7 or fd00::/8).");
        }
        int bits = address.getAddress().length * 8;
        if (slash < 0) {
            return new Cidr(address, bits);
        }
        var p = t.substring(slash + 1);
        if (!p.matches("\\d{1,3}")) {
            throw new IllegalArgumentException("'" + t + "' has no valid prefix length after '/' (0 to " + bits + ").");
        }
        return new Cidr(address, Integer.parseInt(p));
    }

    /**
     * An IP literal as an address, or null when {@code text} is not one (a host name, say). Never looks
     * anything up.
     */
    public static InetAddress literal(String text) {
        if (text == null || text.isEmpty()) {
            return null;
        }
        var v4 = IPV4.matcher(text);
        if (v4.matches()) {
            var bytes = new byte[4];
            for (int i = 0; i < 4; i++) {
                int octet = Integer.parseInt(v4.group(i + 1));
                if (octet > 255) {
                    return null;
                }
                bytes[i] = (byte) octet;
            }
            return byAddress(bytes);
        }
        if (IPV6.matcher(text).matches()) {
            try {
                // In brackets the JDK parses a literal or fails; it never falls back to a DNS lookup.
                return unmapped(InetAddress.getByName("[" + text + "]"));
            } catch (UnknownHostException e) {
                return null;
            }
        }
        return null;
    }

    public boolean contains(InetAddress address) {
        var a = unmapped(address);
        if (a.getAddress().length != network.getAddress().length) {
            return false;
        }
        return masked(a, prefix).equals(network);
    }

    /** {@code ::ffff:a.b.c.d} as {@code a.b.c.d}; anything else unchanged. */
    public static InetAddress unmapped(InetAddress address) {
        if (address instanceof Inet6Address) {
            var b = address.getAddress();
            boolean mapped = true;
            for (int i = 0; i < 10; i++) {
                mapped &= b[i] == 0;
            }
            mapped &= b[10] == (byte) 0xff && b[11] == (byte) 0xff;
            if (mapped) {
                return byAddress(new byte[] {b[12], b[13], b[14], b[15]});
            }
        }
        return address;
    }

    private static InetAddress masked(InetAddress address, int prefix) {
        var b = address.getAddress();
        for (int i = 0; i < b.length; i++) {
            int keep = Math.max(0, Math.min(8, prefix - i * 8));
            b[i] &= (byte) (0xff << (8 - keep));
        }
        return byAddress(b);
    }

    private static InetAddress byAddress(byte[] bytes) {
        try {
            return InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e); // only for a wrong length, which cannot happen here
        }
    }

    @Override
    public String toString() {
        var host = network instanceof Inet4Address ? network.getHostAddress()
                : compress(network.getHostAddress());
        return host + "/" + prefix;
    }

    /** The JDK writes {@code fd00:0:0:0:0:0:0:0}; people write {@code fd00::}. */
    private static String compress(String full) {
        var groups = full.split(":");
        int bestStart = -1;
        int bestLen = 1;
        for (int i = 0; i < groups.length; ) {
            if (!groups[i].equals("0")) {
                i++;
                continue;
            }
            int j = i;
            while (j < groups.length && groups[j].equals("0")) {
                j++;
            }
            if (j - i > bestLen) {
                bestStart = i;
                bestLen = j - i;
            }
            i = j;
        }
        if (bestStart < 0) {
            return full;
        }
        var head = String.join(":", java.util.Arrays.copyOfRange(groups, 0, bestStart));
        var tail = String.join(":", java.util.Arrays.copyOfRange(groups, bestStart + bestLen, groups.length));
        return head + "::" + tail;
    }
}
