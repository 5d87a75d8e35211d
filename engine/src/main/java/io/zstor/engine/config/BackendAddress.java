package io.zstor.engine.config;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A parsed backend address: {@code IPv4:port}, {@code [IPv6]:port} (with an optional {@code %scope}, which
 * the original dropped) or {@code hostname:port} (the original accepted literal addresses only). Parsing
 * never touches DNS, so it is safe anywhere.
 *
 * @param host the IPv4 literal, IPv6 literal without brackets (scope included) or host name
 * @param port 1 to 65535
 * @param ipv6 whether {@code host} is an IPv6 literal
 */
public record BackendAddress(String host, int port, boolean ipv6) {
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern NUMERIC = Pattern.compile("[\\d.]+");
    private static final Pattern HOSTNAME = Pattern.compile(
            "(?=.{1,253}$)[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*\\.?");
    private static final Pattern IPV6_CHARS = Pattern.compile("[0-9A-Fa-f:.]+");
    private static final Pattern SCOPE = Pattern.compile("[A-Za-z0-9_.\\-]+");

    /**
     * Parses {@code host:port}.
     *
     * @throws IllegalArgumentException with a one-line reason naming the address
     */
    public static BackendAddress parse(String text) {
        int colon = text.lastIndexOf(':');
        if (colon <= 0 || colon == text.length() - 1) {
            throw invalid(text, "expected host:port, IPv4:port or [IPv6]:port");
        }
        String hostPart = text.substring(0, colon);
        int port = parsePort(text, text.substring(colon + 1));
        if (hostPart.startsWith("[")) {
            if (!hostPart.endsWith("]") || hostPart.length() < 3) {
                throw invalid(text, "unterminated IPv6 literal");
            }
            String literal = hostPart.substring(1, hostPart.length() - 1);
            checkIpv6(text, literal);
            return new BackendAddress(literal, port, true);
        }
        if (hostPart.indexOf(':') >= 0) {
            throw invalid(text, "IPv6 addresses must be written in brackets, as [IPv6]:port");
        }
        if (NUMERIC.matcher(hostPart).matches()) {
            if (!IPV4.matcher(hostPart).matches() || !octetsValid(hostPart)) {
                throw invalid(text, "invalid IPv4 address");
            }
            return new BackendAddress(hostPart, port, false);
        }
        if (!HOSTNAME.matcher(hostPart).matches()) {
            throw invalid(text, "invalid host name");
        }
        return new BackendAddress(hostPart, port, false);
    }

    /**
     * A normalized form for comparing addresses: IPv6 literals fully expanded and lower case, host names
     * lower case. Two spellings of one address have the same canonical form.
     */
    public String canonical() {
        if (ipv6) {
            int percent = host.indexOf('%');
            String literal = percent < 0 ? host : host.substring(0, percent);
            String scope = percent < 0 ? "" : host.substring(percent);
            return "[" + ipv6Literal(literal).getHostAddress() + scope + "]:" + port;
        }
        return host.toLowerCase(Locale.ROOT) + ":" + port;
    }

    @Override
    public String toString() {
        return (ipv6 ? "[" + host + "]" : host) + ":" + port;
    }

    private static int parsePort(String text, String port) {
        if (!port.chars().allMatch(Character::isDigit) || port.length() > 5) {
            throw invalid(text, "invalid port \"" + port + "\"");
        }
        int value = Integer.parseInt(port);
        if (value < 1 || value > 65535) {
            throw invalid(text, "port must be between 1 and 65535");
        }
        return value;
    }

    private static void checkIpv6(String text, String literal) {
        int percent = literal.indexOf('%');
        String address = percent < 0 ? literal : literal.substring(0, percent);
        if (percent >= 0 && !SCOPE.matcher(literal.substring(percent + 1)).matches()) {
            throw invalid(text, "invalid IPv6 scope id");
        }
        if (!IPV6_CHARS.matcher(address).matches() || address.indexOf(':') < 0) {
            throw invalid(text, "invalid IPv6 address");
        }
        try {
            ipv6Literal(address);
        } catch (IllegalArgumentException e) {
            throw invalid(text, "invalid IPv6 address");
        }
    }

    /** Parses an IPv6 literal without scope; bracketed input is never sent to DNS by the JDK. */
    private static InetAddress ipv6Literal(String literal) {
        try {
            return InetAddress.getByName("[" + literal + "]");
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("invalid IPv6 address", e);
        }
    }

    private static boolean octetsValid(String ipv4) {
        for (String octet : ipv4.split("\\.")) {
            if (Integer.parseInt(octet) > 255) {
                return false;
            }
        }
        return true;
    }

    private static IllegalArgumentException invalid(String text, String reason) {
        return new IllegalArgumentException("invalid address \"" + text + "\": " + reason);
    }
}
