package io.zstor.transport.daemon;

import io.netty.channel.epoll.Epoll;
import io.netty.channel.unix.DomainSocketAddress;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.file.Path;
import reactor.netty.resources.LoopResources;
import reactor.netty.tcp.TcpResources;

/**
 * Picks the unix-socket transport: native epoll with netty's {@link DomainSocketAddress} when available
 * (Linux), otherwise NIO with the JDK's {@link UnixDomainSocketAddress}. The address class must match the
 * transport, or bind/connect fails.
 */
final class UnixSockets {

    private UnixSockets() {
    }

    /** Whether the native transport is used. */
    static boolean nativeTransport() {
        return Epoll.isAvailable();
    }

    /** The address of a socket path for the chosen transport. */
    static SocketAddress address(Path path) {
        return nativeTransport() ? new DomainSocketAddress(path.toFile()) : UnixDomainSocketAddress.of(path);
    }

    /** The shared event loops. */
    static LoopResources loops() {
        return TcpResources.get();
    }
}
