package io.zstor.transport.zdb.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ZdbAddressTest {

    @ParameterizedTest
    @CsvSource({
            "10.0.0.1:9900, 10.0.0.1, 9900, 10.0.0.1:9900",
            "127.0.0.1:1, 127.0.0.1, 1, 127.0.0.1:1",
            "localhost, localhost, 9900, localhost:9900",
            "zdb-1.example.org:65535, zdb-1.example.org, 65535, zdb-1.example.org:65535",
            "'  host_a:9901 ', host_a, 9901, host_a:9901",
            "[::1]:9900, ::1, 9900, [::1]:9900",
            "[::1], ::1, 9900, [::1]:9900",
            "[2001:db8::7]:19900, 2001:db8::7, 19900, [2001:db8::7]:19900",
            "[fe80::1%eth0]:9900, fe80::1%eth0, 9900, [fe80::1%eth0]:9900",
            "[::ffff:10.1.2.3]:9900, ::ffff:10.1.2.3, 9900, [::ffff:10.1.2.3]:9900",
    })
    void parsesAndPrintsBack(String text, String host, int port, String printed) {
        ZdbAddress a = ZdbAddress.parse(text);
        assertThat(a.host()).isEqualTo(host);
        assertThat(a.port()).isEqualTo(port);
        assertThat(a).hasToString(printed);
        assertThat(ZdbAddress.parse(a.toString())).isEqualTo(a);
        assertThat(a.isIpv6()).isEqualTo(host.contains(":"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "::1", "::1:9900", "fe80::1:9900", "host:", "host:0", "host:65536", "host:99999999",
            "host:-1", "host:abc", "[::1", "[::1]x", "[::1]:", "[host]:9900", "[]:9900", "ho st:9900", "tcp://host:9900",
            "-host:9900", ":9900", "[fe80::1%]:9900"})
    void rejectsWithOneLineReason(String text) {
        assertThatThrownBy(() -> ZdbAddress.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("zdb ")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }

    @org.junit.jupiter.api.Test
    void unbracketedIpv6HintsAtBrackets() {
        assertThatThrownBy(() -> ZdbAddress.parse("fe80::1:9900")).hasMessageContaining("[::1]:9900");
    }
}
