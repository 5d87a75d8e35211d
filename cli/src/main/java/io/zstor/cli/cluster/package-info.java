/** Local clusters of embedded 0-db servers for the quick start ({@code zstor local-cluster}, {@code zstor demo}). */
package io.zstor.cli.cluster;
