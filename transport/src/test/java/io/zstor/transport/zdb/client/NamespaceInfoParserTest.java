package io.zstor.transport.zdb.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.zstor.engine.backend.NamespaceInfo;
import io.zstor.engine.backend.NamespaceMode;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class NamespaceInfoParserTest {

    /** Observed from real 0-db v2.0.7 (zdb-protocol.md, "post-kill-9" NSINFO pubpw). */
    private static final String PUBPW = "# namespace\nname: pubpw\nentries: 2\npublic: yes\nworm: no\nlocked: no\n"
            + "password: yes\ndata_size_bytes: 200\ndata_size_mb: 0.00\ndata_limits_bytes: 1000\nindex_size_bytes: 132\n"
            + "index_size_kb: 0.13\nnext_internal_id: 0x600000000000000\nmode: userkey\nstats_index_io_errors: 0\n"
            + "stats_index_io_error_last: 0\nstats_index_faults: 0\nstats_data_io_errors: 0\nstats_data_io_error_last: 0\n"
            + "stats_data_faults: 0\nspace_available: 800\nindex_disk_freespace_bytes: 78049828864\n"
            + "index_disk_freespace_mb: 74434.12\ndata_disk_freespace_bytes: 78049828864\ndata_disk_freespace_mb: 74434.12\n";

    /** Observed seqns reply (no maxsize, so no space_available line). */
    private static final String SEQNS = "# namespace\nname: seqns\nentries: 3\npublic: yes\nworm: no\nlocked: no\npassword: yes\n"
            + "data_size_bytes: 24\ndata_size_mb: 0.00\ndata_limits_bytes: 0\nindex_size_bytes: 216\nindex_size_kb: 0.21\n"
            + "next_internal_id: 0x500000000000000\nmode: sequential\nstats_index_io_errors: 0\nstats_index_io_error_last: 0\n"
            + "stats_index_faults: 0\nstats_data_io_errors: 0\nstats_data_io_error_last: 0\nstats_data_faults: 0\n"
            + "index_disk_freespace_bytes: 77781364736\nindex_disk_freespace_mb: 74178.09\n"
            + "data_disk_freespace_bytes: 77781364736\ndata_disk_freespace_mb: 74178.09\n";

    @Test
    void parsesRealUserKeyReplyWithLimit() {
        NamespaceInfo info = NamespaceInfoParser.parse(PUBPW.getBytes(StandardCharsets.UTF_8), "ignored");
        assertThat(info.name()).isEqualTo("pubpw");
        assertThat(info.entries()).isEqualTo(2);
        assertThat(info.dataSizeBytes()).isEqualTo(200);
        assertThat(info.dataLimitBytes()).isEqualTo(1000);
        assertThat(info.indexSizeBytes()).isEqualTo(132);
        assertThat(info.mode()).isEqualTo(NamespaceMode.USER);
        assertThat(info.isPublic()).isTrue();
        assertThat(info.passwordProtected()).isTrue();
        assertThat(info.worm()).isFalse();
        assertThat(info.locked()).isFalse();
        assertThat(info.spaceAvailable()).hasValue(800);
        assertThat(info.dataDiskFreeBytes()).isEqualTo(78049828864L);
        assertThat(info.indexDiskFreeBytes()).isEqualTo(78049828864L);
        assertThat(info.freeSpaceBytes()).isEqualTo(800);
        assertThat(info.raw()).containsEntry("next_internal_id", "0x600000000000000").containsEntry("data_size_mb", "0.00");
    }

    @Test
    void parsesRealSequentialReplyWithoutLimit() {
        NamespaceInfo info = NamespaceInfoParser.parse(SEQNS, "seqns");
        assertThat(info.mode()).isEqualTo(NamespaceMode.SEQUENTIAL);
        assertThat(info.entries()).isEqualTo(3);
        assertThat(info.dataLimitBytes()).isZero();
        assertThat(info.spaceAvailable()).isEmpty();
        assertThat(info.freeSpaceBytes()).isEqualTo(77781364736L);
    }

    @Test
    void toleratesMissingUnknownReorderedAndBrokenFields() {
        String reply = "\r\n# namespace\r\nfuture_field: 42\r\nmode: somethingnew\r\nentries: notanumber\r\n"
                + "data_size_bytes:   17  \r\nlocked: yes\r\nworm: maybe\r\nno colon line\r\n: empty key\r\n";
        NamespaceInfo info = NamespaceInfoParser.parse(reply, "asked");
        assertThat(info.name()).isEqualTo("asked");
        assertThat(info.mode()).isNull();
        assertThat(info.entries()).isZero();
        assertThat(info.dataSizeBytes()).isEqualTo(17);
        assertThat(info.locked()).isTrue();
        assertThat(info.worm()).isFalse();
        assertThat(info.isPublic()).isFalse();
        assertThat(info.spaceAvailable()).isEmpty();
        assertThat(info.raw()).containsEntry("future_field", "42").hasSize(6);
    }

    @Test
    void emptyReplyGivesZeros() {
        NamespaceInfo info = NamespaceInfoParser.parse("", "x");
        assertThat(info.name()).isEqualTo("x");
        assertThat(info.entries()).isZero();
        assertThat(info.raw()).isEmpty();
    }

    @Test
    void valueWithColonsIsKeptWhole() {
        NamespaceInfo info = NamespaceInfoParser.parse("name: a\ndata_path: /srv/zdb:data\n", "a");
        assertThat(info.raw()).containsEntry("data_path", "/srv/zdb:data");
    }
}
