package io.zstor.transport.metrics;

import io.zstor.engine.BackendStatus;
import io.zstor.engine.backend.BackendSpec;
import io.zstor.engine.health.BackendMonitor;
import io.zstor.engine.health.BackendReport;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Feeds the original's per-backend series ({@code connection_status}, {@code entries},
 * {@code data_size_bytes}, ...) from the {@link BackendMonitor}'s check rounds: it does no I/O of its own, so
 * each backend gets one NSINFO per {@code health_check_interval_secs}, not two. After every round:
 *
 * <ul>
 *   <li>a backend whose last check succeeded gets {@code connection_status} 1 and the NSINFO of that check;</li>
 *   <li>a backend whose last check failed gets {@code connection_status} 0 and loses its NSINFO series (a
 *       backend never seen healthy gets no series, as in the original);</li>
 *   <li>a backend not checked yet is left alone;</li>
 *   <li>a backend that left the config (hot reload) loses every series.</li>
 * </ul>
 * Labels as in the original: {@code address}, {@code namespace} (empty for the default namespace) and
 * {@code backend_type}; never a password.
 */
public final class BackendMetricsFeed implements Consumer<List<BackendReport>> {

    private final ZstorMetrics metrics;
    private final Set<BackendKey> known = new HashSet<>();

    /** A feed into {@code metrics}; hand it to {@link BackendMonitor#onRound} (or use {@link #attach}). */
    public BackendMetricsFeed(ZstorMetrics metrics) {
        this.metrics = Objects.requireNonNull(metrics, "metrics");
    }

    /**
     * A feed into {@code metrics} that follows every round of {@code monitor}, starting with the reports the
     * monitor already has (its first round may have ended before the feed was attached).
     */
    public static BackendMetricsFeed attach(BackendMonitor monitor, ZstorMetrics metrics) {
        BackendMetricsFeed feed = new BackendMetricsFeed(metrics);
        monitor.onRound(feed);
        feed.accept(monitor.reports());
        return feed;
    }

    /** Applies the reports of one finished round (every backend the monitor watches). */
    @Override
    public synchronized void accept(List<BackendReport> reports) {
        Set<BackendKey> current = new HashSet<>();
        for (BackendReport r : reports) {
            BackendKey key = key(r.backend(), r.role());
            current.add(key);
            if (r.answering() && r.info().isPresent()) {
                metrics.backendHealthy(key, r.info().get());
            } else if (r.failingSince().isPresent()) {
                metrics.backendUnreachable(key);
            }
        }
        for (BackendKey gone : known) {
            if (!current.contains(gone)) {
                metrics.backendRemoved(gone);
            }
        }
        known.clear();
        known.addAll(current);
    }

    /** The original's label set of a backend. */
    static BackendKey key(BackendSpec spec, BackendStatus.Role role) {
        return new BackendKey(spec.address(), spec.namespace().orElse(""),
                role == BackendStatus.Role.METADATA ? BackendType.META : BackendType.DATA);
    }
}
