package io.zstor.transport.zdb.server;

import org.junit.jupiter.api.Test;

import java.io.IOException;

import static org.assertj.core.api.Assertions.assertThat;

/** Server-wide options: {@code --mode user|seq}, {@code --protect}, no {@code --admin}, default maxsize. */
class ZdbServerModesTest {

    @Test
    void seqModeServerGeneratesIdsInEveryNamespace() throws IOException {
        try (ZdbServer server = ZdbServer.start(ZdbServerOptions.builder().mode(ZdbMode.SEQ).build());
             RawZdbClient c = new RawZdbClient(server.address())) {
            assertThat(c.cmd("SET", "", "a")).isEqualTo("$8\r\n\0\0\0\0\0\0\0\0\r\n");
            assertThat(c.cmd("NSNEW", "s2")).isEqualTo("+OK\r\n");
            assertThat(c.cmd("SELECT", "s2")).isEqualTo("+OK\r\n");
            assertThat(c.cmd("SET", "", "b")).isEqualTo("$8\r\n\0\0\0\0\0\0\0\0\r\n");
            assertThat(c.cmd("SET", "", "c")).isEqualTo("$8\r\n\1\0\0\0\0\0\0\0\r\n");
            assertThat(c.cmd("NSSET", "s2", "mode", "user"))
                    .isEqualTo("-This server instance is configured to use a single runtime mode\r\n");
            assertThat(c.cmd("NSINFO", "s2")).contains("\nmode: sequential\n");
        }
    }

    @Test
    void userModeServerRefusesModeChanges() throws IOException {
        try (ZdbServer server = ZdbServer.start(ZdbServerOptions.builder().mode(ZdbMode.USER).build());
             RawZdbClient c = new RawZdbClient(server.address())) {
            assertThat(c.cmd("SET", "", "a")).isEqualTo("-Invalid argument, key needed\r\n");
            assertThat(c.cmd("NSNEW", "u")).isEqualTo("+OK\r\n");
            assertThat(c.cmd("NSSET", "u", "mode", "seq"))
                    .isEqualTo("-This server instance is configured to use a single runtime mode\r\n");
        }
    }

    @Test
    void withoutAdminEveryoneIsAdminAndAuthIsDisabled() throws IOException {
        try (ZdbServer server = ZdbServer.start(ZdbServerOptions.builder().build());
             RawZdbClient c = new RawZdbClient(server.address())) {
            assertThat(c.cmd("AUTH", "x")).isEqualTo("-Authentication disabled\r\n");
            assertThat(c.cmd("NSNEW", "n")).isEqualTo("+OK\r\n");
            assertThat(c.cmd("NSINFO", "n")).contains("\ndata_path: <memory>\n");
            assertThat(c.cmd("INFO")).contains("sequential_key_size: 8\n");
        }
    }

    @Test
    void protectMakesDefaultReadOnlyWithoutTheAdminPassword() throws IOException {
        try (ZdbServer server = ZdbServer.start(ZdbServerOptions.builder().adminPassword("adm").protect(true)
                .build()); RawZdbClient c = new RawZdbClient(server.address())) {
            assertThat(c.cmd("SET", "k", "v")).isEqualTo("-Namespace is in read-only mode\r\n");
            assertThat(c.cmd("SELECT", "default", "nope")).isEqualTo("-Access denied\r\n");
            assertThat(c.cmd("SELECT", "default", "adm")).isEqualTo("+OK\r\n");
            assertThat(c.cmd("SET", "k", "v")).isEqualTo("$1\r\nk\r\n");
            assertThat(c.cmd("NSINFO", "default")).contains("\npassword: yes\n");
        }
    }

    @Test
    void defaultMaxSizeAppliesToNewNamespaces() throws IOException {
        try (ZdbServer server = ZdbServer.start(ZdbServerOptions.builder().defaultMaxSize(10).build());
             RawZdbClient c = new RawZdbClient(server.address())) {
            assertThat(c.cmd("NSNEW", "small")).isEqualTo("+OK\r\n");
            assertThat(c.cmd("SELECT", "small")).isEqualTo("+OK\r\n");
            assertThat(c.cmd("SET", "a", "0123456789")).isEqualTo("$1\r\na\r\n");
            assertThat(c.cmd("SET", "b", "x")).isEqualTo("-No space left on this namespace\r\n");
            assertThat(c.cmd("NSINFO", "small")).contains("\ndata_limits_bytes: 10\n", "\nspace_available: 0\n");
        }
    }

    @Test
    void optionsNeverPrintTheAdminPassword() {
        assertThat(ZdbServerOptions.builder().adminPassword("s3cret-pw").build().toString())
                .doesNotContain("s3cret-pw").contains("admin=<set>");
    }
}
