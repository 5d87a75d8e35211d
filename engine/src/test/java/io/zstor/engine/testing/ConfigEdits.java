package io.zstor.engine.testing;

import io.zstor.engine.config.GroupConfig;
import io.zstor.engine.config.MetaConfig;
import io.zstor.engine.config.TuningConfig;
import io.zstor.engine.config.ZstorConfig;
import io.zstor.engine.backend.BackendSpec;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/** Copies of a {@link ZstorConfig} with one part changed, for background-service tests. */
public final class ConfigEdits {

    private ConfigEdits() {
    }

    /** Another tuning. */
    public static ZstorConfig withTuning(ZstorConfig c, TuningConfig tuning) {
        return new ZstorConfig(c.minimalShards(), c.expectedShards(), c.redundantGroups(), c.redundantNodes(), c.root(),
                c.socket(), c.pidFile(), c.zdbDataDirPath(), c.maxZdbDataDirSizeMib(), c.zdbfsMountpoint(),
                c.prometheusPort(), c.encryption(), c.compression(), c.meta(), c.groups(), tuning);
    }

    /** Other data groups. */
    public static ZstorConfig withGroups(ZstorConfig c, List<GroupConfig> groups) {
        return new ZstorConfig(c.minimalShards(), c.expectedShards(), c.redundantGroups(), c.redundantNodes(), c.root(),
                c.socket(), c.pidFile(), c.zdbDataDirPath(), c.maxZdbDataDirSizeMib(), c.zdbfsMountpoint(),
                c.prometheusPort(), c.encryption(), c.compression(), c.meta(), groups, c.tuning());
    }

    /** Other metadata backends. */
    public static ZstorConfig withMetaBackends(ZstorConfig c, List<BackendSpec> backends) {
        MetaConfig m = c.meta();
        return new ZstorConfig(c.minimalShards(), c.expectedShards(), c.redundantGroups(), c.redundantNodes(), c.root(),
                c.socket(), c.pidFile(), c.zdbDataDirPath(), c.maxZdbDataDirSizeMib(), c.zdbfsMountpoint(),
                c.prometheusPort(), c.encryption(), c.compression(),
                new MetaConfig(m.type(), m.prefix(), m.encryption(), backends), c.groups(), c.tuning());
    }

    /** A local 0-db data dir limit. */
    public static ZstorConfig withDataDir(ZstorConfig c, Path dir, long maxMib) {
        return new ZstorConfig(c.minimalShards(), c.expectedShards(), c.redundantGroups(), c.redundantNodes(), c.root(),
                c.socket(), c.pidFile(), Optional.of(dir), OptionalLong.of(maxMib), c.zdbfsMountpoint(),
                c.prometheusPort(), c.encryption(), c.compression(), c.meta(), c.groups(), c.tuning());
    }
}
