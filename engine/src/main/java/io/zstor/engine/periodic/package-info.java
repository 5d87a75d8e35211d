/** Rounds of background work repeated on an interval: the shared loop of the monitor, repair and cache eviction. */
package io.zstor.engine.periodic;
