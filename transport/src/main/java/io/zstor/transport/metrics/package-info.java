/**
 * Prometheus metrics: the {@link io.zstor.transport.metrics.MetricsServer} serving {@code GET /metrics}
 * from a micrometer Prometheus registry; {@link io.zstor.transport.metrics.ZstorMetrics}, which records the
 * original 0-stor_v2 series (same names and labels, correct values) next to zstor's own;
 * {@link io.zstor.transport.metrics.BackendMetricsFeed}, which fills the original per-backend series from
 * the engine's backend monitor; and {@link io.zstor.transport.metrics.LatencyMetrics}, the per-backend
 * command and per-stage latency histograms. The series are listed in {@code docs/metrics.md}.
 */
package io.zstor.transport.metrics;
