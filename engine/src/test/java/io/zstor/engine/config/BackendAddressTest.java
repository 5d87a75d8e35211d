package io.zstor.engine.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class BackendAddressTest {

    @Test
    void parsesTheThreeForms() {
        assertThat(BackendAddress.parse("10.0.0.1:9900")).isEqualTo(new BackendAddress("10.0.0.1", 9900, false));
        assertThat(BackendAddress.parse("[2a02:1802:5e::dead:beef]:9900"))
                .isEqualTo(new BackendAddress("2a02:1802:5e::dead:beef", 9900, true));
        assertThat(BackendAddress.parse("zdb-1.Example.org:1")).isEqualTo(new BackendAddress("zdb-1.Example.org", 1, false));
        assertThat(BackendAddress.parse("[fe80::1%eth0]:65535").host()).isEqualTo("fe80::1%eth0");
    }

    @Test
    void printsAsWritten() {
        assertThat(BackendAddress.parse("[::1]:9900")).hasToString("[::1]:9900");
        assertThat(BackendAddress.parse("10.0.0.1:9900")).hasToString("10.0.0.1:9900");
    }

    @Test
    void canonicalFormUnifiesSpellings() {
        assertThat(BackendAddress.parse("[2a02:1802:5e:0::DEAD:beef]:9900").canonical())
                .isEqualTo(BackendAddress.parse("[2a02:1802:5e::dead:beef]:9900").canonical());
        assertThat(BackendAddress.parse("ZDB.example.org:9900").canonical()).isEqualTo("zdb.example.org:9900");
        assertThat(BackendAddress.parse("[fe80::1%eth0]:9900").canonical())
                .isNotEqualTo(BackendAddress.parse("[fe80::1%eth1]:9900").canonical());
        assertThat(BackendAddress.parse("[::1]:9900").canonical()).isNotEqualTo(BackendAddress.parse("[::1]:9901").canonical());
    }

    @Test
    void rejectsInvalidAddressesWithAReason() {
        assertThatThrownBy(() -> BackendAddress.parse(":9900")).hasMessage(
                "invalid address \":9900\": expected host:port, IPv4:port or [IPv6]:port");
        assertThatThrownBy(() -> BackendAddress.parse("[]:9900")).hasMessageEndingWith("unterminated IPv6 literal");
        assertThatThrownBy(() -> BackendAddress.parse("[1.2.3.4]:9900")).hasMessageEndingWith("invalid IPv6 address");
        assertThatThrownBy(() -> BackendAddress.parse("[fe80::1%e th0]:9900")).hasMessageEndingWith("invalid IPv6 scope id");
        assertThatThrownBy(() -> BackendAddress.parse("[not.a.host]:9900")).hasMessageEndingWith("invalid IPv6 address");
        assertThatThrownBy(() -> BackendAddress.parse("-bad.example:9900")).hasMessageEndingWith("invalid host name");
        assertThatThrownBy(() -> BackendAddress.parse("10.0.0.1:099999")).hasMessageEndingWith("invalid port \"099999\"");
    }
}
