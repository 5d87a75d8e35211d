package io.zstor.transport.zdb.server;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.util.Base64;
import java.util.Properties;

/**
 * Mutable settings of one namespace (password, public, maxsize, worm, mode, lock state) plus its creation
 * rank for {@code NSLIST} order. Guarded by the owning {@link Namespace}'s lock; serialised to the
 * {@code zdb-namespace} file of the persistent store. The password is never part of {@link #toString()}.
 */
final class NamespaceSettings {

    String name;
    long rank;
    String password;
    boolean isPublic = true;
    long maxSize;
    boolean worm;
    boolean sequential;
    LockState lock = LockState.NONE;

    NamespaceSettings(String name, long rank) {
        this.name = name;
        this.rank = rank;
    }

    /** Serialises to properties text (name and password base64, so any byte survives). */
    String serialize() {
        Properties p = new Properties();
        p.setProperty("name", b64(name));
        p.setProperty("rank", Long.toString(rank));
        if (password != null) {
            p.setProperty("password", b64(password));
        }
        p.setProperty("public", Boolean.toString(isPublic));
        p.setProperty("maxsize", Long.toString(maxSize));
        p.setProperty("worm", Boolean.toString(worm));
        p.setProperty("mode", sequential ? "seq" : "user");
        p.setProperty("lock", lock.name());
        StringWriter w = new StringWriter();
        try {
            p.store(w, "zstor embedded zdb namespace");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return w.toString();
    }

    /** Parses {@link #serialize()} output; throws IllegalArgumentException on damage. */
    static NamespaceSettings parse(String text) {
        Properties p = new Properties();
        try {
            p.load(new StringReader(text));
        } catch (IOException e) {
            throw new IllegalArgumentException("unreadable namespace settings", e);
        }
        String name = unb64(require(p, "name"));
        NamespaceSettings s = new NamespaceSettings(name, Long.parseLong(require(p, "rank")));
        String pw = p.getProperty("password");
        s.password = pw == null ? null : unb64(pw);
        s.isPublic = Boolean.parseBoolean(require(p, "public"));
        s.maxSize = Long.parseLong(require(p, "maxsize"));
        s.worm = Boolean.parseBoolean(require(p, "worm"));
        s.sequential = "seq".equals(require(p, "mode"));
        s.lock = LockState.valueOf(require(p, "lock"));
        return s;
    }

    private static String require(Properties p, String key) {
        String v = p.getProperty(key);
        if (v == null) {
            throw new IllegalArgumentException("namespace settings lack " + key);
        }
        return v;
    }

    private static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
    }

    private static String unb64(String s) {
        return new String(Base64.getDecoder().decode(s), java.nio.charset.StandardCharsets.ISO_8859_1);
    }

    @Override
    public String toString() {
        return "NamespaceSettings[name=" + name + ", public=" + isPublic + ", password=" + (password != null)
                + ", maxsize=" + maxSize + ", worm=" + worm + ", sequential=" + sequential + ", lock=" + lock + "]";
    }
}
