package io.zstor.perf.e2e;

import io.zstor.engine.backend.NamespaceInfo;
import io.zstor.engine.backend.NamespaceMode;
import io.zstor.engine.config.ConfigLoader;
import io.zstor.engine.config.GroupConfig;
import io.zstor.engine.config.ZstorConfig;
import io.zstor.transport.zdb.client.LettuceZdbConnector;
import java.nio.file.Path;
import java.time.Duration;
import reactor.core.publisher.Flux;

/** Bytes stored on the data 0-dbs of a config, summed from each namespace's {@code NSINFO} data size. */
final class DataUsage {

    private DataUsage() {
    }

    static long dataBytes(Path config) {
        ZstorConfig cfg = ConfigLoader.load(config);
        LettuceZdbConnector connector = LettuceZdbConnector.create();
        try {
            Long sum = Flux.fromIterable(cfg.groups()).flatMapIterable(GroupConfig::backends)
                    .flatMap(b -> connector.open(b, NamespaceMode.SEQUENTIAL)
                            .flatMap(ns -> ns.info().map(NamespaceInfo::dataSizeBytes).flatMap(s -> ns.close().thenReturn(s))))
                    .reduce(0L, Long::sum)
                    .block(Duration.ofMinutes(1));
            return sum == null ? 0 : sum;
        } finally {
            connector.close().block(Duration.ofMinutes(1));
        }
    }
}
