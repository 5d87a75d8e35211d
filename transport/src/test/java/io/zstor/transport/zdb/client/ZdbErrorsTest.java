package io.zstor.transport.zdb.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.RedisException;
import io.zstor.engine.backend.ZdbErrorKind;
import io.zstor.engine.backend.ZdbException;
import java.net.ConnectException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ZdbErrorsTest {

    /** Every error reply text from the observed 0-db transcripts that a client can meet. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "Access denied | AUTHENTICATION_FAILED",
            "Namespace protected and private | AUTHENTICATION_FAILED",
            "Password too long | AUTHENTICATION_FAILED",
            "No CHALLENGE requested, secure authentication not available | AUTHENTICATION_FAILED",
            "Invalid hash length | AUTHENTICATION_FAILED",
            "Only SECURE extra method supported | AUTHENTICATION_FAILED",
            "Permission denied | AUTHENTICATION_FAILED",
            "Authentication disabled | AUTHENTICATION_FAILED",
            "Namespace not found | NAMESPACE_NOT_FOUND",
            "Your active namespace is not available anymore (probably removed). | NAMESPACE_NOT_FOUND",
            "No space left on this namespace | NAMESPACE_FULL",
            "Payload too big | VALUE_TOO_LARGE",
            "Key too large | VALUE_TOO_LARGE",
            "Namespace is in read-only mode | READ_ONLY",
            "Namespace is temporarily locked (read-only) | READ_ONLY",
            "Namespace is temporarily frozen (read-write disabled) | READ_ONLY",
            "Namespace is protected by worm mode | READ_ONLY",
            "Cannot delete a key when namespace is in worm mode | READ_ONLY",
            "Invalid key, only update authorized | WRONG_MODE",
            "Invalid argument, key needed | WRONG_MODE",
            "Malformed request, array expected | PROTOCOL",
            "Malformed query string | PROTOCOL",
            "Missing arguments | PROTOCOL",
            "Too many arguments | PROTOCOL",
            "Command not supported | PROTOCOL",
            "This is not a valid command | PROTOCOL",
            "Unexpected arguments | SERVER_ERROR",
            "Invalid key | SERVER_ERROR",
            "Invalid argument | SERVER_ERROR",
            "Something new | SERVER_ERROR",
    })
    void classifiesServerReplies(String reply, ZdbErrorKind kind) {
        assertThat(ZdbErrors.classifyReply(reply)).isEqualTo(kind);
        ZdbException z = ZdbErrors.map("h:1 - ns", "SET", new RedisCommandExecutionException(reply));
        assertThat(z.kind()).isEqualTo(kind);
        assertThat(z.backend()).isEqualTo("h:1 - ns");
        assertThat(z).hasMessage("zdb h:1 - ns: SET: " + reply);
    }

    @Test
    void mapsTransportFailures() {
        assertThat(ZdbErrors.map("b", "GET", new RedisCommandTimeoutException("Command timed out after 1 second(s)")).kind())
                .isEqualTo(ZdbErrorKind.TIMEOUT);
        assertThat(ZdbErrors.map("b", "GET", new TimeoutException()).kind()).isEqualTo(ZdbErrorKind.TIMEOUT);
        assertThat(ZdbErrors.map("b", "connect", new RedisConnectionException("Unable to connect to 127.0.0.1:1",
                new ConnectException("Connection refused"))).kind()).isEqualTo(ZdbErrorKind.UNREACHABLE);
        assertThat(ZdbErrors.map("b", "GET", new RedisException("Connection closed")).kind()).isEqualTo(ZdbErrorKind.UNREACHABLE);
        assertThat(ZdbErrors.map("b", "GET", new CompletionException(new RedisException("Currently not connected."))).kind())
                .isEqualTo(ZdbErrorKind.UNREACHABLE);
        assertThat(ZdbErrors.map("b", "GET", new IllegalStateException("weird")).kind()).isEqualTo(ZdbErrorKind.PROTOCOL);
    }

    @Test
    void typedErrorsPassThroughAndMessagesAreOneLine() {
        ZdbException original = new ZdbException(ZdbErrorKind.NAMESPACE_FULL, "b", "x");
        assertThat(ZdbErrors.map("other", "op", original)).isSameAs(original);
        ZdbException z = ZdbErrors.map("b", "GET", new RedisException("first line\nsecond line"));
        assertThat(z.getMessage()).isEqualTo("zdb b: GET: first line");
    }
}
