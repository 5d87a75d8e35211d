package io.zstor.cli;

/** The global options after {@code store}: {@code -d} is taken by {@code --delete}, so only {@code --debug}. */
public final class StoreLocalOptions extends GlobalOptions {
}
