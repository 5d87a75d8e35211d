package io.zstor.transport.zdb.server;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;

/**
 * Replays the transcripts of zdb-protocol.md ("Observed", real 0-db v2.0.7 started with {@code --admin adm})
 * against the embedded server over TCP and compares reply bytes. Time-dependent replies (KEYTIME, TIME, SCAN
 * timestamps, nonces) are matched by shape; NSINFO only masks disk free space.
 */
class ZdbServerTranscriptTest {

    private static final String OK = "+OK\r\n";
    private static final String NIL = "$-1\r\n";

    private ZdbServer server;
    private TranscriptRunner t;

    /** Server options of the run; the persistent variant overrides this. */
    ZdbServerOptions.Builder options() {
        return ZdbServerOptions.builder();
    }

    @BeforeEach
    void start() {
        server = ZdbServer.start(options().adminPassword("adm").build());
        t = new TranscriptRunner(server.address());
    }

    @AfterEach
    void stop() throws IOException {
        t.close();
        server.close();
    }

    static String rep(char c, int n) {
        return String.valueOf(c).repeat(n);
    }

    static String seq(int id) {
        return new String(SequentialKeys.encode(id), java.nio.charset.StandardCharsets.ISO_8859_1);
    }

    /** Namespaces, permissions and maxsize as set up at the start of the transcript. */
    private void setupNamespaces() throws IOException {
        t.exact("adm", OK, "AUTH", "adm")
                .exact("adm", OK, "NSNEW", "pubpw")
                .exact("adm", "-This namespace is not available\r\n", "NSNEW", "pubpw")
                .exact("adm", "-This name is not allowed\r\n", "NSNEW", "default")
                .exact("adm", "-This name is not allowed\r\n", "NSNEW", "a/b")
                .exact("adm", OK, "NSSET", "pubpw", "password", "pw")
                .exact("adm", OK, "NSSET", "pubpw", "maxsize", "1000")
                .exact("adm", OK, "NSNEW", "privpw")
                .exact("adm", OK, "NSSET", "privpw", "password", "pw")
                .exact("adm", OK, "NSSET", "privpw", "public", "0")
                .exact("adm", OK, "NSNEW", "seqns")
                .exact("adm", OK, "NSSET", "seqns", "mode", "seq")
                .exact("adm", OK, "NSSET", "seqns", "password", "spw")
                .exact("adm", OK, "NSNEW", "open")
                .exact("adm", "-Invalid property value (expected: user, seq)\r\n", "NSSET", "seqns", "mode", "bogus")
                .exact("adm", "-Invalid property\r\n", "NSSET", "seqns", "bogus", "1")
                .exact("adm", "-Cannot update default namespace\r\n", "NSSET", "default", "maxsize", "10")
                .exact("adm", "-Namespace not found\r\n", "NSSET", "nope", "maxsize", "10")
                .exact("adm", "-Unexpected arguments\r\n", "NSSET", "seqns", "maxsize")
                .exact("adm", "*5\r\n$7\r\ndefault\r\n$5\r\npubpw\r\n$6\r\nprivpw\r\n$5\r\nseqns\r\n$4\r\nopen\r\n",
                        "NSLIST");
    }

    @Test
    void anonymousClient() throws IOException {
        t.exact("user", "+PONG\r\n", "PING")
                .exact("user", "+PONG\r\n", "ping")
                .exact("user", "-Permission denied\r\n", "NSNEW", "x")
                .exact("user", "*1\r\n$7\r\ndefault\r\n", "NSLIST")
                .exact("user", ":0\r\n", "DBSIZE")
                .exact("user", "-Access denied\r\n", "AUTH", "wrong")
                .exact("user", "-Unexpected arguments\r\n", "AUTH")
                .exact("user", "-Permission denied\r\n", "SET", "k", "v", "1700000000");
    }

    @Test
    void namespacesSelectUserModeMaxsize() throws IOException {
        setupNamespaces();
        t.nsinfo("adm", "# namespace\nname: privpw\nentries: 0\npublic: no\nworm: no\nlocked: no\npassword: yes\n"
                + "data_size_bytes: 0\ndata_size_mb: 0.00\ndata_limits_bytes: 0\nindex_size_bytes: 0\n"
                + "index_size_kb: 0.00\nnext_internal_id: 0x00000000\nmode: userkey\nstats_index_io_errors: 0\n"
                + "stats_index_io_error_last: 0\nstats_index_faults: 0\nstats_data_io_errors: 0\n"
                + "stats_data_io_error_last: 0\nstats_data_faults: 0\nindex_disk_freespace_bytes: 1\n"
                + "index_disk_freespace_mb: 1\ndata_disk_freespace_bytes: 1\ndata_disk_freespace_mb: 1\n"
                + "data_path: <memory>\ndata_active: <memory>\nindex_path: <memory>\nindex_active: <memory>\n"
                + "data_current_id: 0\ndata_current_offset: 0\n", "privpw");
        t.nsinfo("user", "# namespace\nname: privpw\nentries: 0\npublic: no\nworm: no\nlocked: no\npassword: yes\n"
                + "data_size_bytes: 0\ndata_size_mb: 0.00\ndata_limits_bytes: 0\nindex_size_bytes: 0\n"
                + "index_size_kb: 0.00\nnext_internal_id: 0x00000000\nmode: userkey\nstats_index_io_errors: 0\n"
                + "stats_index_io_error_last: 0\nstats_index_faults: 0\nstats_data_io_errors: 0\n"
                + "stats_data_io_error_last: 0\nstats_data_faults: 0\nindex_disk_freespace_bytes: 1\n"
                + "index_disk_freespace_mb: 1\ndata_disk_freespace_bytes: 1\ndata_disk_freespace_mb: 1\n", "privpw");
        t.exact("user", "-Namespace not found\r\n", "NSINFO", "nope")
                .exact("user", "-Namespace not found\r\n", "SELECT", "nope")
                .exact("user", "-Invalid argument\r\n", "SELECT")
                .exact("user", "-Namespace protected and private\r\n", "SELECT", "privpw")
                .exact("user", "-Access denied\r\n", "SELECT", "privpw", "bad")
                .exact("user", OK, "SELECT", "privpw", "pw")
                .exact("user", OK, "SELECT", "pubpw")
                .exact("user", "-Namespace is in read-only mode\r\n", "SET", "ro", "x")
                .exact("user", "-Namespace is in read-only mode\r\n", "DEL", "ro")
                .exact("user", NIL, "GET", "ro")
                .exact("user", "-Access denied\r\n", "SELECT", "pubpw", "bad")
                .exact("user", "-Too many arguments\r\n", "SELECT", "pubpw", "pw", "extra", "more")
                .exact("user", OK, "SELECT", "open", "anything")
                .exact("user", OK, "SELECT", "pubpw", "pw")
                .exact("user", "$2\r\nk1\r\n", "SET", "k1", "hello")
                .exact("user", NIL, "SET", "k1", "hello")
                .exact("user", "$2\r\nk1\r\n", "SET", "k1", "hello2")
                .exact("user", "$6\r\nhello2\r\n", "GET", "k1")
                .exact("user", NIL, "GET", "missing")
                .exact("user", "-Invalid argument, key needed\r\n", "SET", "", "v")
                .exact("user", "$2\r\nk0\r\n", "SET", "k0", "")
                .exact("user", "$0\r\n\r\n", "GET", "k0")
                .exact("user", "-Unexpected arguments\r\n", "SET", "k")
                .exact("user", "-Unexpected arguments\r\n", "SET", "a", "b", "c", "d")
                .exact("user", "*3\r\n$6\r\nhello2\r\n$-1\r\n$0\r\n\r\n", "MGET", "k1", "missing", "k0")
                .exact("user", "-Invalid arguments\r\n", "MGET")
                .exact("user", ":1\r\n", "EXISTS", "k1")
                .exact("user", ":0\r\n", "EXISTS", "missing")
                .exact("user", "-Invalid argument\r\n", "EXISTS", "")
                .exact("user", "-Unexpected arguments\r\n", "EXISTS")
                .exact("user", ":6\r\n", "LENGTH", "k1")
                .exact("user", NIL, "LENGTH", "missing")
                .matches("user", ":1[0-9]{9}\r\n", "KEYTIME", "k1")
                .exact("user", NIL, "KEYTIME", "missing")
                .exact("user", ":1\r\n", "CHECK", "k1")
                .exact("user", NIL, "CHECK", "missing")
                .matches("user", "\\$17\r\n.{17}\r\n", "KEYCUR", "k1")
                .exact("user", "-Key not found\r\n", "KEYCUR", "missing")
                .exact("user", ":2\r\n", "DBSIZE")
                .matches("user", "\\*2\r\n\\$17\r\n.{17}\r\n\\*2\r\n\\*3\r\n\\$2\r\nk1\r\n:6\r\n:[0-9]+\r\n"
                        + "\\*3\r\n\\$2\r\nk0\r\n:0\r\n:[0-9]+\r\n", "SCAN")
                .matches("user", "\\*2\r\n\\$17\r\n.{17}\r\n\\*2\r\n\\*3\r\n\\$2\r\nk0\r\n:0\r\n:[0-9]+\r\n"
                        + "\\*3\r\n\\$2\r\nk1\r\n:6\r\n:[0-9]+\r\n", "RSCAN")
                .exact("user", "$255\r\n" + rep('k', 255) + "\r\n", "SET", rep('k', 255), "x")
                .exact("user", "-Key too large\r\n", "SET", rep('k', 256), "x")
                .exact("user", "-Invalid key\r\n", "GET", rep('k', 256))
                .exact("user", OK, "DEL", rep('k', 255))
                .exact("user", "-No space left on this namespace\r\n", "SET", "big", rep('x', 2000));
        t.nsinfo("user", "# namespace\nname: pubpw\nentries: 2\npublic: yes\nworm: no\nlocked: no\npassword: yes\n"
                + "data_size_bytes: 6\ndata_size_mb: 0.00\ndata_limits_bytes: 1000\nindex_size_bytes: 132\n"
                + "index_size_kb: 0.13\nnext_internal_id: 0x300000000000000\nmode: userkey\n"
                + "stats_index_io_errors: 0\nstats_index_io_error_last: 0\nstats_index_faults: 0\n"
                + "stats_data_io_errors: 0\nstats_data_io_error_last: 0\nstats_data_faults: 0\n"
                + "space_available: 994\nindex_disk_freespace_bytes: 1\nindex_disk_freespace_mb: 1\n"
                + "data_disk_freespace_bytes: 1\ndata_disk_freespace_mb: 1\n", "pubpw");
        t.exact("user", "$2\r\nk1\r\n", "SET", "k1", rep('y', 900))
                .exact("user", "-No space left on this namespace\r\n", "SET", "k2", rep('z', 400))
                .exact("user", OK, "DEL", "k1")
                .exact("user", "-Key not found\r\n", "DEL", "k1")
                .exact("user", NIL, "GET", "k1")
                .exact("user", ":0\r\n", "EXISTS", "k1")
                .exact("user", ":1\r\n", "DBSIZE")
                .matches("user", "\\*2\r\n\\$10\r\n1[0-9]{9}\r\n\\$[1-6]\r\n[0-9]{1,6}\r\n", "TIME")
                .exact("user", "-Command not supported\r\n", "FOOBAR")
                .exact("user", "-Command not supported\r\n", "HELLO", "3")
                .exact("user", "-This is not a valid command\r\n", "");
    }

    @Test
    void sequentialMode() throws IOException {
        setupNamespaces();
        t.exact("user", OK, "SELECT", "seqns", "spw")
                .exact("user", "$8\r\n" + seq(0) + "\r\n", "SET", "", "first")
                .exact("user", "$8\r\n" + seq(1) + "\r\n", "SET", "", "second")
                .exact("user", "$8\r\n" + seq(2) + "\r\n", "SET", "", "third")
                .exact("user", "$5\r\nfirst\r\n", "GET", seq(0))
                .exact("user", "$6\r\nsecond\r\n", "GET", seq(1))
                .exact("user", NIL, "GET", seq(9))
                .exact("user", NIL, "GET", "\0\0\0\0")
                .exact("user", "$8\r\n" + seq(0) + "\r\n", "SET", seq(0), "first-updated")
                .exact("user", "$13\r\nfirst-updated\r\n", "GET", seq(0))
                .exact("user", NIL, "SET", seq(0), "first-updated")
                .exact("user", "-Invalid key, only update authorized\r\n", "SET", seq(7), "nope")
                .exact("user", "-Invalid key, only update authorized\r\n", "SET", "userkey", "v")
                .exact("user", "-Invalid key, only update authorized\r\n", "SET", "\0\0\0\0", "x")
                .exact("user", OK, "DEL", seq(1))
                .exact("user", NIL, "GET", seq(1))
                .exact("user", "-Invalid key, only update authorized\r\n", "SET", seq(1), "revive")
                .exact("user", ":0\r\n", "EXISTS", seq(1))
                .exact("user", "$8\r\n" + seq(4) + "\r\n", "SET", "", "fourth")
                .exact("user", ":3\r\n", "DBSIZE")
                .matches("user", "\\*2\r\n\\$17\r\n.{17}\r\n\\*3\r\n"
                        + "\\*3\r\n\\$8\r\n" + seq(0) + "\r\n:13\r\n:[0-9]+\r\n"
                        + "\\*3\r\n\\$8\r\n" + seq(2) + "\r\n:5\r\n:[0-9]+\r\n"
                        + "\\*3\r\n\\$8\r\n" + seq(4) + "\r\n:6\r\n:[0-9]+\r\n", "SCAN")
                .exact("user", ":5\r\n", "LENGTH", seq(2))
                .exact("user", ":1\r\n", "CHECK", seq(2));
        t.nsinfo("user", "# namespace\nname: seqns\nentries: 3\npublic: yes\nworm: no\nlocked: no\npassword: yes\n"
                + "data_size_bytes: 24\ndata_size_mb: 0.00\ndata_limits_bytes: 0\nindex_size_bytes: 216\n"
                + "index_size_kb: 0.21\nnext_internal_id: 0x500000000000000\nmode: sequential\n"
                + "stats_index_io_errors: 0\nstats_index_io_error_last: 0\nstats_index_faults: 0\n"
                + "stats_data_io_errors: 0\nstats_data_io_error_last: 0\nstats_data_faults: 0\n"
                + "index_disk_freespace_bytes: 1\nindex_disk_freespace_mb: 1\n"
                + "data_disk_freespace_bytes: 1\ndata_disk_freespace_mb: 1\n", "seqns");
        t.exact("adm", "-Cannot change mode of used namespace\r\n", "NSSET", "seqns", "mode", "user")
                .exact("adm", OK, "NSSET", "open", "mode", "seq")
                .exact("adm", OK, "NSSET", "open", "mode", "user");
    }

    @Test
    void secureAuthentication() throws IOException {
        setupNamespaces();
        t.exact("sec", "-No CHALLENGE requested, secure authentication not available\r\n",
                "AUTH", "SECURE", rep('f', 40));
        String nonce = t.client("sec").cmd("AUTH", "SECURE", "CHALLENGE");
        org.assertj.core.api.Assertions.assertThat(nonce).matches("\\+[0-9a-f]{16}\r\n");
        String n = nonce.substring(1, 17);
        t.exact("sec", OK, "AUTH", "SECURE", sha1(n + ":adm"))
                .exact("sec", "-No CHALLENGE requested, secure authentication not available\r\n",
                        "AUTH", "SECURE", sha1(n + ":adm"))
                .matches("sec", "\\+[0-9a-f]{16}\r\n", "AUTH", "SECURE", "CHALLENGE")
                .exact("sec", "-Invalid hash length\r\n", "AUTH", "SECURE", "abc")
                .exact("sec", "-Only SECURE extra method supported\r\n", "AUTH", "FOO", "BAR")
                .exact("sec2", "-No CHALLENGE requested, secure authentication not available\r\n",
                        "SELECT", "privpw", "SECURE", rep('e', 40));
        String n2 = t.client("sec2").cmd("AUTH", "SECURE", "CHALLENGE").substring(1, 17);
        t.exact("sec2", OK, "SELECT", "privpw", "SECURE", sha1(n2 + ":pw"))
                .exact("sec2", "$2\r\nsk\r\n", "SET", "sk", "sv")
                .exact("sec2", OK, "SELECT", "privpw", "SECURE", sha1(n2 + ":pw"))
                .exact("sec2", "-Access denied\r\n", "SELECT", "privpw", "SECURE", rep('e', 40))
                .exact("sec2", "-Invalid hash length\r\n", "SELECT", "privpw", "SECURE", "abc")
                .exact("sec2", "-Only SECURE extra method supported\r\n", "SELECT", "privpw", "PLAIN", "pw")
                .exact("sec2", "-Permission denied\r\n", "NSNEW", "x")
                .exact("adm", "-Namespace protected and private\r\n", "SELECT", "privpw")
                .exact("adm", OK, "SELECT", "pubpw")
                .exact("adm", "-Namespace is in read-only mode\r\n", "SET", "adminwrite", "x");
    }

    @Test
    void lockFreezeWormAndNsdel() throws IOException {
        setupNamespaces();
        t.exact("adm", OK, "NSNEW", "lk")
                .exact("adm", OK, "NSSET", "lk", "worm", "1")
                .exact("adm", OK, "SELECT", "lk")
                .exact("adm", "$1\r\nw\r\n", "SET", "w", "1")
                .exact("adm", "-Namespace is protected by worm mode\r\n", "SET", "w", "2")
                .exact("adm", "-Cannot delete a key when namespace is in worm mode\r\n", "DEL", "w")
                .exact("adm", OK, "NSSET", "lk", "worm", "0")
                .exact("adm", OK, "NSSET", "lk", "lock", "1")
                .exact("adm", "-Namespace is temporarily locked (read-only)\r\n", "SET", "w", "3")
                .exact("adm", "$1\r\n1\r\n", "GET", "w")
                .exact("adm", OK, "NSSET", "lk", "freeze", "1")
                .exact("adm", "-Namespace is temporarily frozen (read-write disabled)\r\n", "GET", "w")
                .exact("adm", "-Namespace is temporarily frozen (read-write disabled)\r\n", "SCAN")
                .exact("adm", ":1\r\n", "DBSIZE")
                .exact("adm", OK, "NSSET", "lk", "freeze", "0")
                .exact("adm", "$1\r\n1\r\n", "GET", "w");
        t.nsinfo("user", "# namespace\nname: lk\nentries: 1\npublic: yes\nworm: no\nlocked: no\npassword: no\n"
                + "data_size_bytes: 1\ndata_size_mb: 0.00\ndata_limits_bytes: 0\nindex_size_bytes: 65\n"
                + "index_size_kb: 0.06\nnext_internal_id: 0x100000000000000\nmode: userkey\n"
                + "stats_index_io_errors: 0\nstats_index_io_error_last: 0\nstats_index_faults: 0\n"
                + "stats_data_io_errors: 0\nstats_data_io_error_last: 0\nstats_data_faults: 0\n"
                + "index_disk_freespace_bytes: 1\nindex_disk_freespace_mb: 1\n"
                + "data_disk_freespace_bytes: 1\ndata_disk_freespace_mb: 1\n", "lk");
        t.exact("u2", OK, "SELECT", "open")
                .exact("u2", "$1\r\na\r\n", "SET", "a", "b")
                .exact("adm", "-Cannot remove namespace you're currently using.\r\n", "NSDEL", "lk")
                .exact("adm", OK, "SELECT", "default")
                .exact("adm", OK, "NSDEL", "lk")
                .exact("adm", "-This namespace doesn't exists\r\n", "NSDEL", "lk")
                .exact("adm", "-Cannot remove default namespace\r\n", "NSDEL", "default")
                .exact("adm", OK, "NSDEL", "open")
                .exact("u2", "-Your active namespace is not available anymore (probably removed).\r\n", "GET", "a")
                .exact("user", "-Permission denied\r\n", "NSDEL", "pubpw")
                .exact("adm", OK, "NSSET", "privpw", "password", "*")
                .exact("u3", OK, "SELECT", "privpw")
                .exact("u3", "$1\r\nx\r\n", "SET", "x", "y")
                .exact("adm", OK, "NSSET", "privpw", "password", "pw");
        org.assertj.core.api.Assertions.assertThat(t.client("u2").closedByServer()).isTrue();
    }

    @Test
    void maxsizeWithOverwriteAndDelete() throws IOException {
        t.exact("adm", OK, "AUTH", "adm")
                .exact("adm", OK, "NSNEW", "cap")
                .exact("adm", OK, "NSSET", "cap", "maxsize", "1000")
                .exact("adm", OK, "SELECT", "cap")
                .exact("adm", "$1\r\na\r\n", "SET", "a", rep('a', 900))
                .exact("adm", "$1\r\na\r\n", "SET", "a", rep('b', 950))
                .exact("adm", "-No space left on this namespace\r\n", "SET", "b", rep('c', 100))
                .exact("adm", OK, "DEL", "a")
                .exact("adm", "$1\r\nb\r\n", "SET", "b", rep('c', 100))
                .matches("adm", "\\$\\d+\r\n# namespace\nname: cap\nentries: 1\n.*data_size_bytes: 100\n.*"
                        + "index_size_bytes: 65\n.*next_internal_id: 0x200000000000000\n.*space_available: 900\n.*",
                        "NSINFO", "cap")
                .exact("adm", OK, "NSSET", "cap", "maxsize", "0")
                .exact("adm", "$1\r\nc\r\n", "SET", "c", rep('d', 5000));
    }

    @Test
    void pipelinedRepliesKeepOrder() throws IOException {
        RawZdbClient c = t.client("p");
        c.sendRaw(concat(RawZdbClient.frame(RawZdbClient.b("PING")),
                RawZdbClient.frame(RawZdbClient.b("SET"), RawZdbClient.b("p1"), RawZdbClient.b("v")),
                RawZdbClient.frame(RawZdbClient.b("GET"), RawZdbClient.b("p1"))));
        String all = RawZdbClient.s(c.readReply()) + RawZdbClient.s(c.readReply()) + RawZdbClient.s(c.readReply());
        org.assertj.core.api.Assertions.assertThat(all).isEqualTo("+PONG\r\n$2\r\np1\r\n$1\r\nv\r\n");
    }

    static byte[] concat(byte[]... parts) {
        java.io.ByteArrayOutputStream o = new java.io.ByteArrayOutputStream();
        for (byte[] p : parts) {
            o.writeBytes(p);
        }
        return o.toByteArray();
    }

    static String sha1(String s) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-1")
                    .digest(s.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
