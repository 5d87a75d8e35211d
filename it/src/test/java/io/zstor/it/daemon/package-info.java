/**
 * Cross-process tests of the daemon ({@code zstor monitor}): the daemon, the CLI clients and the 0-db
 * servers each run as their own process, so signals, sockets and crashes are real.
 */
package io.zstor.it.daemon;
