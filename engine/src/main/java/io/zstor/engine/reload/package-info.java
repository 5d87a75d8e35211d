/**
 * Hot reload of the configuration (SIGUSR1 in the daemon): a new config is validated against the running
 * one, installed atomically, and backends it removed are handed to repair; a rejected config leaves the
 * running one untouched and is reported in one line.
 */
package io.zstor.engine.reload;
