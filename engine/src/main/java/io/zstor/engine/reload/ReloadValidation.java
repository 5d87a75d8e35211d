package io.zstor.engine.reload;

import io.zstor.engine.Zstor;
import io.zstor.engine.config.ZstorConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The rules a reloaded config must follow against the running one. */
final class ReloadValidation {

    private ReloadValidation() {
    }

    /** The first reason {@code next} cannot replace {@code current}, or empty. */
    static Optional<String> problem(ZstorConfig current, ZstorConfig next, Zstor engine) {
        if (!current.encryption().equals(next.encryption())) {
            return Optional.of("encryption.key changed; stored objects would become unreadable (restart instead)");
        }
        if (!current.meta().encryption().equals(next.meta().encryption())) {
            return Optional.of("meta.config.encryption.key changed; stored metadata would become unreadable");
        }
        if (!current.meta().prefix().equals(next.meta().prefix())) {
            return Optional.of("meta.config.prefix changed; stored metadata would no longer be found");
        }
        if (!current.root().equals(next.root())) {
            return Optional.of("root changed; object keys would no longer match (restart instead)");
        }
        if (!current.compression().equals(next.compression())) {
            return Optional.of("compression changed; restart to apply it");
        }
        try {
            engine.checkPlacement(next);
        } catch (RuntimeException e) {
            return Optional.of("redundancy policy cannot be met: " + e.getMessage());
        }
        return Optional.empty();
    }

    /** Keys that changed but are read only at start-up. */
    static List<String> restartOnly(ZstorConfig current, ZstorConfig next) {
        List<String> out = new ArrayList<>();
        if (!current.socket().equals(next.socket())) {
            out.add("socket");
        }
        if (!current.pidFile().equals(next.pidFile())) {
            out.add("pid_file");
        }
        if (!current.prometheusPort().equals(next.prometheusPort())) {
            out.add("prometheus_port");
        }
        if (!current.zdbfsMountpoint().equals(next.zdbfsMountpoint())) {
            out.add("zdbfs_mountpoint");
        }
        return out;
    }
}
