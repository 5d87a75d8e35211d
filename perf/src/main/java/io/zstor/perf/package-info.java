/** JMH microbenchmarks of the codecs and transport, and end-to-end benchmarks; results in perf/RESULTS.md. */
package io.zstor.perf;
