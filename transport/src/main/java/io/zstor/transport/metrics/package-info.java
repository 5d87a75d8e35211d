/**
 * Prometheus metrics: the {@link io.zstor.transport.metrics.MetricsServer} serving {@code GET /metrics}
 * from a micrometer Prometheus registry, and {@link io.zstor.transport.metrics.ZstorMetrics}, which records
 * the original 0-stor_v2 series (same names and labels, correct values) next to zstor's own.
 */
package io.zstor.transport.metrics;
