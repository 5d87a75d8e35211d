package io.zstor.engine.testing;

import java.util.List;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Fails a test when BlockHound recorded a blocking call on a non-blocking thread while it ran (or since the
 * previous test ended): the failure names each call's thread and shows its stack in its message, which a
 * trimmed test report keeps. Registered for every test through JUnit's extension auto-detection
 * ({@code META-INF/services}, enabled in the parent pom's surefire and failsafe settings). A call made after a
 * class's last test fails the class.
 */
public final class BlockingCallsExtension implements AfterEachCallback, AfterAllCallback {

    @Override
    public void afterEach(ExtensionContext context) {
        check();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        check();
    }

    private static void check() {
        List<BlockingCalls.Seen> seen = BlockingCalls.drain();
        if (seen.isEmpty()) {
            return;
        }
        StringBuilder message = new StringBuilder(seen.size() + " blocking call(s) on non-blocking threads:");
        for (BlockingCalls.Seen s : seen) {
            message.append("\n  ").append(s.where());
        }
        AssertionError failure = new AssertionError(message.toString(), seen.get(0));
        seen.stream().skip(1).forEach(failure::addSuppressed);
        throw failure;
    }
}
