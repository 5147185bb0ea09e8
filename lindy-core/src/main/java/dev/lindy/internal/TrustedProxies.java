package dev.lindy.internal;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.AbstractList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.RandomAccess;

/**
 * The reverse proxies an app trusts, parsed once when the settings are built: IP addresses and CIDR blocks,
 * never host names, so checking a peer never looks anything up. It is the list
 * {@code Settings.trustedProxies()} returns, the entries as written, and it also carries the family of
 * forwarding headers those proxies write, so that whoever holds the settings' list can read a request's
 * origin.
 *
 * <p>An IPv4-mapped IPv6 address ({@code ::ffff:10.0.0.1}), as an entry or as a peer, is the IPv4 address
 * it holds; a mapped block must keep the 96 bits of its mapping ({@code ::ffff:10.0.0.0/104} is
 * {@code 10.0.0.0/8}).
 */
public final class TrustedProxies extends AbstractList<String> implements RandomAccess {
    /** The header family that nginx, HAProxy and most load balancers write: {@code X-Forwarded-*}. */
    public static final String X_FORWARDED = "x-forwarded";
    /** The standard header family: RFC 7239's {@code Forwarded}. */
    public static final String FORWARDED = "forwarded";

    private final List<String> entries;
    private final Block[] blocks;
    private final boolean forwarded;

    private TrustedProxies(List<String> entries, Block[] blocks, boolean forwarded) {
        this.entries = entries;
        this.blocks = blocks;
        this.forwarded = forwarded;
    }

    /**
     * Parses the trusted proxies.
     *
     * @param entries IP addresses and CIDR blocks, such as {@code 127.0.0.1} or {@code 10.0.0.0/8}
     * @param headers {@link #X_FORWARDED} or {@link #FORWARDED}, the headers these proxies write
     * @return the proxies
     * @throws IllegalArgumentException if an entry is not an address or a block, or the family is unknown
     */
    public static TrustedProxies of(List<String> entries, String headers) {
        boolean standard = headerFamily(headers).equals(FORWARDED);
        Block[] blocks = new Block[entries.size()];
        for (int i = 0; i < blocks.length; i++) {
            blocks[i] = Block.parse(entries.get(i));
        }
        return new TrustedProxies(List.copyOf(entries), blocks, standard);
    }

    /**
     * Checks one entry: an IPv4 or IPv6 address, or a CIDR block of either.
     *
     * @param entry the entry
     * @throws IllegalArgumentException with the reason, if it is neither
     */
    public static void check(String entry) {
        Block.parse(entry);
    }

    /**
     * Checks and normalises the name of a header family.
     *
     * @param headers {@code x-forwarded} or {@code forwarded}, in any case
     * @return the name in lower case
     * @throws IllegalArgumentException for another name
     */
    public static String headerFamily(String headers) {
        String h = headers.toLowerCase(Locale.ROOT);
        if (!h.equals(X_FORWARDED) && !h.equals(FORWARDED)) {
            throw new IllegalArgumentException("forwardedHeaders is " + X_FORWARDED + " (X-Forwarded-Proto, -Host and"
                    + " -Prefix, which nginx, HAProxy and most load balancers write) or " + FORWARDED
                    + " (RFC 7239), not " + headers);
        }
        return h;
    }

    /**
     * Tells whether these proxies use RFC 7239's {@code Forwarded} rather than {@code X-Forwarded-*}.
     *
     * @return true for {@code Forwarded}
     */
    public boolean usesForwarded() {
        return forwarded;
    }

    /**
     * Tells whether a connection comes from a trusted proxy. A peer known only by a name is not trusted:
     * names are never looked up.
     *
     * @param peer the connection's remote address, or null if unknown
     * @return true if it is in one of the blocks
     */
    public boolean trusts(InetSocketAddress peer) {
        if (peer == null || blocks.length == 0) {
            return false;
        }
        InetAddress address = peer.getAddress();
        byte[] ip = address != null ? unmapped(address.getAddress()) : literal(peer.getHostString());
        if (ip == null) {
            return false;
        }
        for (Block b : blocks) {
            if (b.contains(ip)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String get(int index) {
        return entries.get(index);
    }

    @Override
    public int size() {
        return entries.size();
    }

    /**
     * Parses an IP literal, IPv4 or IPv6 (brackets and a zone allowed), never looking up a name.
     *
     * @param text the text
     * @return 4 bytes (for a mapped IPv6 address too) or 16, or null if the text is not an IP literal
     */
    static byte[] literal(String text) {
        String s = text;
        if (s.length() > 2 && s.charAt(0) == '[' && s.charAt(s.length() - 1) == ']') {
            s = s.substring(1, s.length() - 1);
        }
        int zone = s.indexOf('%');
        if (zone >= 0 && s.indexOf(':') >= 0) {
            s = s.substring(0, zone);
        }
        byte[] ip = s.indexOf(':') >= 0 ? ipv6(s) : ipv4(s);
        return ip == null ? null : unmapped(ip);
    }

    private static byte[] unmapped(byte[] ip) {
        return isMapped(ip) ? Arrays.copyOfRange(ip, 12, 16) : ip;
    }

    private static boolean isMapped(byte[] ip) {
        if (ip.length != 16 || ip[10] != (byte) 0xff || ip[11] != (byte) 0xff) {
            return false;
        }
        for (int i = 0; i < 10; i++) {
            if (ip[i] != 0) {
                return false;
            }
        }
        return true;
    }

    // Four decimal parts from 0 to 255; a leading zero is refused, for some tools read it as octal.
    private static byte[] ipv4(String s) {
        String[] parts = s.split("\\.", -1);
        if (parts.length != 4) {
            return null;
        }
        byte[] ip = new byte[4];
        for (int i = 0; i < 4; i++) {
            String p = parts[i];
            if (p.isEmpty() || p.length() > 3 || (p.length() > 1 && p.charAt(0) == '0') || !digits(p)) {
                return null;
            }
            int v = Integer.parseInt(p);
            if (v > 255) {
                return null;
            }
            ip[i] = (byte) v;
        }
        return ip;
    }

    // RFC 4291 section 2.2: eight groups of up to four hex digits, one "::" for a run of zero groups, and
    // an IPv4 address in place of the last two groups.
    private static byte[] ipv6(String s) {
        int gap = s.indexOf("::");
        if (gap >= 0 && s.indexOf("::", gap + 1) >= 0) {
            return null;
        }
        String[] left = groups(gap < 0 ? s : s.substring(0, gap));
        String[] right = gap < 0 ? new String[0] : groups(s.substring(gap + 2));
        if (left == null || right == null) {
            return null;
        }
        byte[] head = bytes(left, gap < 0);
        byte[] tail = bytes(right, true);
        if (head == null || tail == null) {
            return null;
        }
        int total = head.length + tail.length;
        if (gap < 0 ? total != 16 : total > 14) {
            return null;
        }
        byte[] ip = new byte[16];
        System.arraycopy(head, 0, ip, 0, head.length);
        System.arraycopy(tail, 0, ip, 16 - tail.length, tail.length);
        return ip;
    }

    private static String[] groups(String s) {
        if (s.isEmpty()) {
            return new String[0];
        }
        String[] g = s.split(":", -1);
        for (String part : g) {
            if (part.isEmpty()) {
                return null;
            }
        }
        return g;
    }

    private static byte[] bytes(String[] groups, boolean endsAddress) {
        byte[] out = new byte[groups.length * 2 + 2];
        int n = 0;
        for (int i = 0; i < groups.length; i++) {
            String g = groups[i];
            if (g.indexOf('.') >= 0) {
                byte[] v4 = i == groups.length - 1 && endsAddress ? ipv4(g) : null;
                if (v4 == null) {
                    return null;
                }
                System.arraycopy(v4, 0, out, n, 4);
                n += 4;
            } else {
                if (g.length() > 4) {
                    return null;
                }
                int v = 0;
                for (int k = 0; k < g.length(); k++) {
                    int d = hex(g.charAt(k));
                    if (d < 0) {
                        return null;
                    }
                    v = v * 16 + d;
                }
                out[n++] = (byte) (v >> 8);
                out[n++] = (byte) v;
            }
        }
        return Arrays.copyOf(out, n);
    }

    private static int hex(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }

    private static boolean digits(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    /** An address block: the leading bits of a network address. */
    private static final class Block {
        private final byte[] network;
        private final int bits;

        private Block(byte[] network, int bits) {
            this.network = network;
            this.bits = bits;
        }

        static Block parse(String entry) {
            if (entry == null) {
                throw new IllegalArgumentException("a trusted proxy is an IP address or a CIDR block, not null");
            }
            int slash = entry.indexOf('/');
            String address = slash < 0 ? entry : entry.substring(0, slash);
            byte[] ip = address.indexOf(':') >= 0 ? ipv6(address) : ipv4(address);
            if (ip == null) {
                throw new IllegalArgumentException("a trusted proxy is an IP address or a CIDR block such as"
                        + " 10.0.0.0/8 or fd00::/8, never a host name: " + entry);
            }
            int bits = ip.length * 8;
            if (slash >= 0) {
                String prefix = entry.substring(slash + 1);
                if (prefix.isEmpty() || prefix.length() > 3 || !digits(prefix) || Integer.parseInt(prefix) > bits) {
                    throw new IllegalArgumentException("the prefix length of the trusted proxy block " + entry
                            + " must be a number from 0 to " + bits);
                }
                bits = Integer.parseInt(prefix);
            }
            if (isMapped(ip)) {
                if (bits < 96) {
                    throw new IllegalArgumentException("the trusted proxy block " + entry + " reaches beyond the"
                            + " IPv4-mapped addresses: give a prefix of 96 or more, or write the IPv4 block");
                }
                return new Block(unmapped(ip), bits - 96);
            }
            return new Block(ip, bits);
        }

        boolean contains(byte[] ip) {
            if (ip.length != network.length) {
                return false;
            }
            int left = bits;
            for (int i = 0; i < ip.length && left > 0; i++, left -= 8) {
                int mask = left >= 8 ? 0xff : (0xff << (8 - left)) & 0xff;
                if ((ip[i] & mask) != (network[i] & mask)) {
                    return false;
                }
            }
            return true;
        }
    }
}
