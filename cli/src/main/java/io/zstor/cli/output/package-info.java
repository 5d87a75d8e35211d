/** What the CLI prints: tables, JSON for scripts, the terminal progress bar. */
package io.zstor.cli.output;
