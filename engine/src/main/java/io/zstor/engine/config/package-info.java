/**
 * The zstor configuration: an immutable model of the TOML file (same keys as the original 0-stor_v2 plus
 * new tuning keys with defaults), its loader ({@link io.zstor.engine.config.ConfigLoader}), which validates
 * everything up front and reports one clear {@code file:line:column} line per problem, and the
 * {@link io.zstor.engine.config.RedundancyPolicy} formed by the shard keys, with an exact solver for which
 * spreads of pieces over groups satisfy it. See {@code docs/config.md}.
 */
package io.zstor.engine.config;
