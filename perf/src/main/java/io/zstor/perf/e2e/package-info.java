/**
 * The end-to-end benchmark: a local cluster of embedded 0-db servers, each in its own process, the I/O ceiling
 * measured with the bare zdb client, and zstor store/retrieve through the CLI jar in its own process, side by
 * side in one run; plus the small-object rate. Entry point {@link io.zstor.perf.e2e.EndToEndBenchmark}.
 */
package io.zstor.perf.e2e;
