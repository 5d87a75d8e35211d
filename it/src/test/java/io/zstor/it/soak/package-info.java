/** Bounded soak: mixed concurrent work through the daemon while backends die and come back. */
package io.zstor.it.soak;
