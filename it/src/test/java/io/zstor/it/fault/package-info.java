/**
 * Fault injection, malicious backends and hostile-input fuzzing against the real engine, zdb client and
 * embedded zdb server: {@link io.zstor.it.fault.FaultProxy} sits between zstor and each zdb on loopback,
 * {@link io.zstor.it.fault.MaliciousZdb} answers with garbage, and the {@code *IT} classes assert that nothing
 * acknowledged is lost and every failure is a clear, typed error.
 */
package io.zstor.it.fault;
