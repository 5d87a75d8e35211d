/** One class per {@code zstor} subcommand. */
package io.zstor.cli.command;
