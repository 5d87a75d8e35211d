package io.zstor.engine.config;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tomlj.Toml;
import org.tomlj.TomlParseError;
import org.tomlj.TomlParseResult;

/**
 * Reads and validates the zstor TOML configuration (the original 0-stor_v2 format plus zstor's tuning keys;
 * see {@code docs/config.md}).
 *
 * <p>Everything is checked up front, and every problem is reported at once in a {@link ConfigException},
 * one {@code file:line:column: message} line each: TOML syntax, unknown or retired keys, wrong types,
 * ranges, the encryption keys, backend addresses and duplicates, the number of metadata and data backends,
 * and whether any spread of shards can meet the redundancy settings. Unknown keys are errors where the
 * original rejected them (top level, {@code [encryption]}, {@code [compression]}, {@code [meta]}) and
 * logged warnings where it ignored them ({@code [meta.config]}, {@code [[groups]]}, backend tables), so
 * every valid original config still loads. Key material and passwords never appear in messages.
 *
 * <p>Loading reads a file: call it off reactor threads.
 */
public final class ConfigLoader {
    private static final Logger LOG = LoggerFactory.getLogger(ConfigLoader.class);

    private ConfigLoader() {
    }

    /**
     * Loads and validates a config file, logging warnings.
     *
     * @throws ConfigException naming every problem, including an unreadable file
     */
    public static ZstorConfig load(Path file) {
        String source = file.toString();
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(Files.readAllBytes(file))).toString();
        } catch (NoSuchFileException e) {
            throw new ConfigException(List.of(source + ": could not open config file: no such file"));
        } catch (CharacterCodingException e) {
            throw new ConfigException(List.of(source + ": could not read config file: not valid UTF-8"));
        } catch (IOException e) {
            throw new ConfigException(List.of(source + ": could not read config file: " + e.getMessage()));
        }
        return parse(text, source);
    }

    /**
     * Parses and validates config text, logging warnings.
     *
     * @param sourceName the file name to put in front of every message
     * @throws ConfigException naming every problem
     */
    public static ZstorConfig parse(String text, String sourceName) {
        return parse(text, sourceName, warning -> LOG.warn("{}", warning));
    }

    /**
     * Parses and validates config text, handing each warning line (same format as the errors) to
     * {@code warnings}.
     *
     * @throws ConfigException naming every problem
     */
    public static ZstorConfig parse(String text, String sourceName, Consumer<String> warnings) {
        Problems problems = new Problems(sourceName);
        TomlParseResult toml = Toml.parse(text);
        if (toml.hasErrors()) {
            for (TomlParseError error : toml.errors()) {
                problems.error(error.position(), "syntax error: " + redactTokens(error.getMessage()));
            }
            throw new ConfigException(problems.errorLines());
        }
        ZstorConfig config = new ConfigReader(problems).read(toml);
        if (config == null) {
            throw new ConfigException(problems.errorLines());
        }
        problems.warningLines().forEach(warnings);
        return config;
    }

    /**
     * tomlj quotes the offending input in its messages ({@code Unexpected 'text', expected ...}); on a broken
     * line that text can be a key or password, so only its length is reported.
     */
    static String redactTokens(String message) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("Unexpected '(.*?)'(?=, expected|$)").matcher(message);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, java.util.regex.Matcher.quoteReplacement(
                    "Unexpected text (" + m.group(1).length() + " characters)"));
        }
        m.appendTail(out);
        return out.toString();
    }
}
