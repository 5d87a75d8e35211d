package io.zstor.transport.zdb.server;

import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

/** The same 0-db transcripts against a persistent server (commands then run on the I/O pool). */
class ZdbServerTranscriptPersistentTest extends ZdbServerTranscriptTest {

    @TempDir
    Path dir;

    @Override
    ZdbServerOptions.Builder options() {
        return ZdbServerOptions.builder().dataDir(dir.resolve("data")).indexDir(dir.resolve("index"));
    }
}
