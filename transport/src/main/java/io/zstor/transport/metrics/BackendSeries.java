package io.zstor.transport.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.zstor.engine.backend.NamespaceInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * The per-backend series of one backend. {@code connection_status} lives as long as the backend is
 * known; the NSINFO-derived gauges exist only while the last NSINFO succeeded (as in the original, they
 * disappear when the backend fails). The four error counters are mirrored from NSINFO and rendered by
 * {@link ZstorMetrics#originalSeries()} without a {@code _total} suffix.
 */
final class BackendSeries {

    private final BackendKey key;
    private final MeterRegistry registry;
    private final Tags tags;
    private final List<Meter> infoGauges = new ArrayList<>();
    private final Meter status;
    private volatile NamespaceInfo info;
    private volatile boolean connected;

    BackendSeries(BackendKey key, MeterRegistry registry) {
        this.key = key;
        this.registry = registry;
        this.tags = Tags.of("address", key.address(), "namespace", key.namespace(), "backend_type", key.type().label());
        this.status = Gauge.builder("connection_status", this, s -> s.connected ? 1 : 0)
                .description("1 while the backend's last NSINFO succeeded").tags(tags).register(registry);
    }

    BackendKey key() {
        return key;
    }

    synchronized void healthy(NamespaceInfo latest) {
        info = latest;
        connected = true;
        if (infoGauges.isEmpty()) {
            gauge("entries", "entries in the namespace", i -> i.entries());
            gauge("data_size_bytes", "payload bytes stored in the namespace", i -> i.dataSizeBytes());
            gauge("data_limit_bytes", "namespace limit, or free data disk space when unlimited",
                    i -> i.dataLimitBytes() > 0 ? i.dataLimitBytes() : i.dataDiskFreeBytes());
            gauge("index_size_bytes", "index size", i -> i.indexSizeBytes());
            gauge("index_disk_freespace_bytes", "free bytes on the index disk", i -> i.indexDiskFreeBytes());
            gauge("data_disk_freespace_bytes", "free bytes on the data disk", i -> i.dataDiskFreeBytes());
        }
    }

    synchronized void unreachable() {
        connected = false;
        removeInfoGauges();
    }

    synchronized void remove() {
        removeInfoGauges();
        registry.remove(status);
    }

    /** Last NSINFO while connected, else null. */
    NamespaceInfo info() {
        return connected ? info : null;
    }

    private void removeInfoGauges() {
        infoGauges.forEach(registry::remove);
        infoGauges.clear();
    }

    private void gauge(String name, String help, ToDoubleFunction<NamespaceInfo> f) {
        infoGauges.add(Gauge.builder(name, this, s -> {
            NamespaceInfo i = s.info;
            return i == null ? Double.NaN : f.applyAsDouble(i);
        }).description(help).tags(tags).register(registry));
    }
}
