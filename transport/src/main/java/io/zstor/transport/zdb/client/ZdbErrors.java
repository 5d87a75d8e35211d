package io.zstor.transport.zdb.client;

import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.RedisException;
import io.zstor.engine.backend.ZdbErrorKind;
import io.zstor.engine.backend.ZdbException;
import java.io.IOException;
import java.net.ConnectException;
import java.nio.channels.ClosedChannelException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;

/**
 * Maps 0-db error replies and lettuce/netty failures to {@link ZdbException}s typed by {@link ZdbErrorKind}.
 * 0-db error replies carry no {@code ERR} prefix; they are matched by their exact leading text as listed in
 * the protocol reference. Messages never contain command arguments, so no password can leak.
 */
final class ZdbErrors {

    /** Server reply prefixes, in match order. */
    private static final List<Map.Entry<String, ZdbErrorKind>> REPLIES = List.of(
            Map.entry("Access denied", ZdbErrorKind.AUTHENTICATION_FAILED),
            Map.entry("Namespace protected and private", ZdbErrorKind.AUTHENTICATION_FAILED),
            Map.entry("Password too long", ZdbErrorKind.AUTHENTICATION_FAILED),
            Map.entry("No CHALLENGE requested", ZdbErrorKind.AUTHENTICATION_FAILED),
            Map.entry("Invalid hash length", ZdbErrorKind.AUTHENTICATION_FAILED),
            Map.entry("Only SECURE extra method supported", ZdbErrorKind.AUTHENTICATION_FAILED),
            Map.entry("Permission denied", ZdbErrorKind.AUTHENTICATION_FAILED),
            // AUTH (also AUTH SECURE CHALLENGE) on a server without --admin: SECURE select is impossible there
            Map.entry("Authentication disabled", ZdbErrorKind.AUTHENTICATION_FAILED),
            Map.entry("Namespace not found", ZdbErrorKind.NAMESPACE_NOT_FOUND),
            Map.entry("Your active namespace is not available anymore", ZdbErrorKind.NAMESPACE_NOT_FOUND),
            Map.entry("No space left on this namespace", ZdbErrorKind.NAMESPACE_FULL),
            Map.entry("Payload too big", ZdbErrorKind.VALUE_TOO_LARGE),
            Map.entry("Key too large", ZdbErrorKind.VALUE_TOO_LARGE),
            Map.entry("Namespace is in read-only mode", ZdbErrorKind.READ_ONLY),
            Map.entry("Namespace is temporarily locked", ZdbErrorKind.READ_ONLY),
            Map.entry("Namespace is temporarily frozen", ZdbErrorKind.READ_ONLY),
            Map.entry("Namespace is protected by worm mode", ZdbErrorKind.READ_ONLY),
            Map.entry("Cannot delete a key when namespace is in worm mode", ZdbErrorKind.READ_ONLY),
            Map.entry("Invalid key, only update authorized", ZdbErrorKind.WRONG_MODE),
            Map.entry("Invalid argument, key needed", ZdbErrorKind.WRONG_MODE),
            Map.entry("Malformed", ZdbErrorKind.PROTOCOL),
            Map.entry("Missing arguments", ZdbErrorKind.PROTOCOL),
            Map.entry("Too many arguments", ZdbErrorKind.PROTOCOL),
            Map.entry("Command not supported", ZdbErrorKind.PROTOCOL),
            Map.entry("This is not a valid command", ZdbErrorKind.PROTOCOL));

    private ZdbErrors() {
    }

    /** The kind of a 0-db error reply text ({@code SERVER_ERROR} when not recognised). */
    static ZdbErrorKind classifyReply(String reply) {
        String text = reply == null ? "" : reply.strip();
        for (Map.Entry<String, ZdbErrorKind> e : REPLIES) {
            if (text.startsWith(e.getKey())) {
                return e.getValue();
            }
        }
        return ZdbErrorKind.SERVER_ERROR;
    }

    /**
     * Translates any failure of {@code operation} on {@code backend} into a typed exception; a
     * {@link ZdbException} passes through unchanged.
     */
    static ZdbException map(String backend, String operation, Throwable error) {
        Throwable e = unwrap(error);
        if (e instanceof ZdbException z) {
            return z;
        }
        if (e instanceof RedisCommandExecutionException) {
            String reply = oneLine(e.getMessage());
            return new ZdbException(classifyReply(reply), backend, operation + ": " + reply, e);
        }
        if (e instanceof RedisCommandTimeoutException || e instanceof TimeoutException) {
            return new ZdbException(ZdbErrorKind.TIMEOUT, backend, operation + ": no reply in time", e);
        }
        if (e instanceof RedisConnectionException || e instanceof ConnectException || e instanceof ClosedChannelException
                || e instanceof IOException || e instanceof CancellationException) {
            return new ZdbException(ZdbErrorKind.UNREACHABLE, backend, operation + ": " + describe(e), e);
        }
        if (e instanceof RedisException) {
            // lettuce: "Connection closed", "Currently not connected. Commands are rejected.", ...
            return new ZdbException(ZdbErrorKind.UNREACHABLE, backend, operation + ": " + describe(e), e);
        }
        return new ZdbException(ZdbErrorKind.PROTOCOL, backend, operation + ": " + describe(e), e);
    }

    private static Throwable unwrap(Throwable error) {
        Throwable e = error;
        while ((e instanceof CompletionException || e instanceof ExecutionException) && e.getCause() != null) {
            e = e.getCause();
        }
        return e;
    }

    private static String describe(Throwable e) {
        String message = e.getMessage();
        Throwable cause = e.getCause();
        if ((message == null || message.isBlank()) && cause != null && cause != e) {
            message = cause.getMessage();
        }
        if (message == null || message.isBlank()) {
            return e.getClass().getSimpleName();
        }
        return oneLine(message);
    }

    private static String oneLine(String text) {
        if (text == null) {
            return "";
        }
        String s = text.strip();
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl).strip();
    }
}
