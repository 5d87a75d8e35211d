/**
 * In-memory test doubles for the backend SPI, published in the engine test-jar so transport and
 * integration tests can reuse them: {@link io.zstor.engine.testing.InMemoryZdb} (one namespace with fault
 * switches), {@link io.zstor.engine.testing.InMemoryZdbConnector}, a trivial
 * {@link io.zstor.engine.testing.FirstFitPlacement} and the {@link io.zstor.engine.testing.TestCluster}
 * config builder. Also the tests' BlockHound settings: {@link io.zstor.engine.testing.BlockingCallsIntegration}
 * records blocking calls on reactor threads in {@link io.zstor.engine.testing.BlockingCalls}, and
 * {@link io.zstor.engine.testing.BlockingCallsExtension} fails the test that made one.
 */
package io.zstor.engine.testing;
