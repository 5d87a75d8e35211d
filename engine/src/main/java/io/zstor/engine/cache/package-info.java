/**
 * Local cache eviction for the 0-db data directory ({@code zdb_data_dir_path}, {@code max_zdb_data_dir_size}):
 * files are deleted least recently accessed first, and only when their stored copy is verified.
 */
package io.zstor.engine.cache;
