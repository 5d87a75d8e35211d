/** Cross-process integration tests: real TCP zdb servers, the daemon over its socket, the CLI jar, faults. */
package io.zstor.it;
