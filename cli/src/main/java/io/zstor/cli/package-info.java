/** The {@code zstor} command line: a thin client of the engine, served by the daemon or run in-process. */
package io.zstor.cli;
