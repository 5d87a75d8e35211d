package io.zstor.transport.zdb.server;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ZdbServerSmokeTest {

    @Test
    void pingSetGetOverTcp() throws Exception {
        try (ZdbServer server = ZdbServer.start(ZdbServerOptions.builder().build());
             RawZdbClient c = new RawZdbClient(server.address())) {
            assertThat(c.cmd("PING")).isEqualTo("+PONG\r\n");
            assertThat(c.cmd("SET", "k", "v")).isEqualTo("$1\r\nk\r\n");
            assertThat(c.cmd("GET", "k")).isEqualTo("$1\r\nv\r\n");
        }
    }
}
