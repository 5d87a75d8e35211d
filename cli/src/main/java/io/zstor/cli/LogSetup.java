package io.zstor.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.core.rolling.FixedWindowRollingPolicy;
import ch.qos.logback.core.rolling.RollingFileAppender;
import ch.qos.logback.core.rolling.SizeBasedTriggeringPolicy;
import ch.qos.logback.core.util.FileSize;
import java.nio.file.Path;
import org.slf4j.LoggerFactory;

/**
 * Configures logging like the original: zstor's own records only, to a file rolled at 10 MiB with five
 * archives ({@code zstor.0.log} ... {@code zstor.4.log}); nothing on the terminal.
 */
final class LogSetup {

    private LogSetup() {
    }

    /** Points every zstor logger at {@code file}; library loggers stay at WARN. */
    static void configure(Path file, boolean debug) {
        LoggerContext ctx = (LoggerContext) LoggerFactory.getILoggerFactory();
        ctx.reset();
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(ctx);
        encoder.setPattern("%d{yyyy-MM-dd HH:mm:ss z}: %-5level %msg%n");
        encoder.start();

        RollingFileAppender<ch.qos.logback.classic.spi.ILoggingEvent> appender = new RollingFileAppender<>();
        appender.setContext(ctx);
        appender.setName("file");
        appender.setFile(file.toString());
        FixedWindowRollingPolicy rolling = new FixedWindowRollingPolicy();
        rolling.setContext(ctx);
        rolling.setParent(appender);
        rolling.setFileNamePattern(archivePattern(file));
        rolling.setMinIndex(0);
        rolling.setMaxIndex(4);
        rolling.start();
        SizeBasedTriggeringPolicy<ch.qos.logback.classic.spi.ILoggingEvent> trigger = new SizeBasedTriggeringPolicy<>();
        trigger.setContext(ctx);
        trigger.setMaxFileSize(FileSize.valueOf("10MB"));
        trigger.start();
        appender.setRollingPolicy(rolling);
        appender.setTriggeringPolicy(trigger);
        appender.setEncoder(encoder);
        appender.start();

        Logger root = ctx.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.WARN);
        root.addAppender(appender);
        ctx.getLogger("io.zstor").setLevel(debug ? Level.DEBUG : Level.INFO);
    }

    /** {@code dir/zstor.log} rolls to {@code dir/zstor.%i.log}; a name without extension to {@code name.%i}. */
    static String archivePattern(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String pattern = dot > 0 ? name.substring(0, dot) + ".%i" + name.substring(dot) : name + ".%i";
        Path parent = file.toAbsolutePath().getParent();
        return parent == null ? pattern : parent.resolve(pattern).toString();
    }
}
