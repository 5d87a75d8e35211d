/** Everything on a wire: the zdb client, the embedded 0-db-compatible server, the daemon socket and metrics. */
package io.zstor.transport;
