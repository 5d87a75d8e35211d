package io.zstor.transport.zdb.client;

import java.util.Objects;

/**
 * A parsed 0-db address: an IPv4 literal, a host name or a bracketed IPv6 literal, with an optional port
 * (default {@value #DEFAULT_PORT}): {@code 10.0.0.1:9900}, {@code zdb.example:9901}, {@code [::1]:9900},
 * {@code [fe80::1%eth0]:9900}. An IPv6 literal must be bracketed; the zone id is kept.
 *
 * @param host host name or IP literal, without brackets
 * @param port TCP port, 1..65535
 */
public record ZdbAddress(String host, int port) {

    /** The port 0-db listens on by default. */
    public static final int DEFAULT_PORT = 9900;

    /** Validates host and port. */
    public ZdbAddress {
        Objects.requireNonNull(host, "host");
        if (host.isEmpty()) {
            throw new IllegalArgumentException("zdb address has an empty host");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("zdb port " + port + " is outside 1..65535");
        }
    }

    /**
     * Parses {@code host[:port]} or {@code [ipv6][:port]}.
     *
     * @throws IllegalArgumentException with a one-line reason when the text is not an address
     */
    public static ZdbAddress parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("zdb address is empty");
        }
        String s = text.strip();
        String host;
        String portText;
        if (s.startsWith("[")) {
            int end = s.indexOf(']');
            if (end < 0) {
                throw new IllegalArgumentException("zdb address '" + s + "' has '[' without ']'");
            }
            host = s.substring(1, end);
            String rest = s.substring(end + 1);
            if (rest.isEmpty()) {
                portText = null;
            } else if (rest.startsWith(":")) {
                portText = rest.substring(1);
            } else {
                throw new IllegalArgumentException("zdb address '" + s + "' has text after ']' that is not ':port'");
            }
            if (!isIpv6Literal(host)) {
                throw new IllegalArgumentException("zdb address '" + s + "' has brackets around something that is not an IPv6 address");
            }
        } else {
            int first = s.indexOf(':');
            if (first >= 0 && first != s.lastIndexOf(':')) {
                throw new IllegalArgumentException("zdb address '" + s + "': write IPv6 addresses in brackets, e.g. [::1]:9900");
            }
            host = first < 0 ? s : s.substring(0, first);
            portText = first < 0 ? null : s.substring(first + 1);
            if (!isHostName(host)) {
                throw new IllegalArgumentException("zdb address '" + s + "' has an invalid host '" + host + "'");
            }
        }
        return new ZdbAddress(host, portText == null ? DEFAULT_PORT : parsePort(s, portText));
    }

    /** True when the host is an IPv6 literal. */
    public boolean isIpv6() {
        return host.indexOf(':') >= 0;
    }

    /** {@code host:port}, or {@code [host]:port} for IPv6; {@link #parse(String)} reads it back. */
    @Override
    public String toString() {
        return isIpv6() ? "[" + host + "]:" + port : host + ":" + port;
    }

    private static int parsePort(String address, String portText) {
        if (portText.isEmpty() || portText.length() > 5 || !portText.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new IllegalArgumentException("zdb address '" + address + "' has an invalid port '" + portText + "'");
        }
        int port = Integer.parseInt(portText);
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("zdb address '" + address + "' has port " + port + " outside 1..65535");
        }
        return port;
    }

    private static boolean isHostName(String host) {
        if (host.isEmpty() || host.length() > 253 || host.startsWith("-") || host.startsWith(".")) {
            return false;
        }
        return host.chars().allMatch(c -> Character.isLetterOrDigit(c) && c < 128 || c == '.' || c == '-' || c == '_');
    }

    private static boolean isIpv6Literal(String host) {
        int zone = host.indexOf('%');
        String addr = zone < 0 ? host : host.substring(0, zone);
        if (zone >= 0 && (zone == host.length() - 1
                || !host.substring(zone + 1).chars().allMatch(c -> Character.isLetterOrDigit(c) && c < 128 || c == '.' || c == '_' || c == '-'))) {
            return false;
        }
        if (addr.indexOf(':') < 0) {
            return false;
        }
        return addr.chars().allMatch(c -> c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F' || c == ':' || c == '.');
    }
}
