/**
 * How CLI commands reach the engine: in this process ({@link io.zstor.cli.session.InProcessSession}) or
 * through the daemon socket ({@link io.zstor.cli.session.DaemonSession}), behind one interface.
 */
package io.zstor.cli.session;
