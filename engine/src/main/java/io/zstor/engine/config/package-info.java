/**
 * The zstor configuration: an immutable model of the TOML file (same keys as the original 0-stor_v2 plus
 * new tuning keys with defaults) and its loader, which validates everything up front and reports one
 * clear line per problem.
 */
package io.zstor.engine.config;
