package io.zstor.transport.zdb.server;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Executes 0-db commands against a {@link NamespaceRegistry} for one {@link ZdbSession}, producing reply
 * bytes identical to 0-db v2.0.7 (argument rules, error texts, reply shapes of zdb-protocol.md).
 *
 * <p>{@link #mustOffload(ZdbRequest)} tells the connection handler which commands may block (file I/O or a
 * namespace lock held during I/O); those run on the server's I/O executor, everything else inline.
 */
final class CommandProcessor {

    private static final Logger LOG = LoggerFactory.getLogger(CommandProcessor.class);

    /** Longest key (stored in one byte by 0-db). */
    static final int MAX_KEY = 255;
    /** Largest total MGET reply; beyond it the command is refused instead of buffering gigabytes. */
    static final long MAX_MGET_BYTES = 128L * 1024 * 1024;

    private static final Set<String> INLINE = Set.of("PING", "TIME", "INFO", "AUTH");

    private final ZdbServerOptions options;
    private final NamespaceRegistry registry;
    private final Secrets secrets;
    private final boolean persistent;
    private final long bootTime = Instant.now().getEpochSecond();
    private final AtomicLong commands = new AtomicLong();
    private final AtomicLong clientsLifetime = new AtomicLong();
    private final AtomicLong activeClients = new AtomicLong();

    CommandProcessor(ZdbServerOptions options, NamespaceRegistry registry, Secrets secrets) {
        this.options = options;
        this.registry = registry;
        this.secrets = secrets;
        this.persistent = options.dataDir().isPresent();
    }

    /** A session for a new connection: in {@code default}, with the rights SELECT default would give. */
    ZdbSession newSession() {
        clientsLifetime.incrementAndGet();
        activeClients.incrementAndGet();
        Namespace def = registry.get(NamespaceRegistry.DEFAULT);
        boolean writable = def.password() == null;
        return new ZdbSession(options.adminPassword().isEmpty(), def, writable);
    }

    /** Called when a connection ends. */
    void sessionClosed() {
        activeClients.decrementAndGet();
    }

    /** Whether {@code request} may block and must run off the event loop. */
    boolean mustOffload(ZdbRequest request) {
        return persistent && !INLINE.contains(request.command());
    }

    /** Runs one command; never throws (errors become error replies). */
    Reply execute(ZdbSession s, ZdbRequest r, ByteBufAllocator alloc) {
        commands.incrementAndGet();
        if (s.namespace.removed()) {
            return new Reply(Resp.error(alloc, "Your active namespace is not available anymore (probably removed)."),
                    true);
        }
        try {
            return Reply.of(dispatch(s, r, alloc));
        } catch (ZdbCommandException e) {
            return Reply.of(Resp.error(alloc, e.getMessage()));
        } catch (IOException | UncheckedIOException e) {
            LOG.warn("zdb command {} failed on namespace {}: {}", r.command(), s.namespace.name(), e.toString());
            return Reply.of(Resp.error(alloc, "Internal error"));
        } catch (RuntimeException e) {
            LOG.error("zdb command {} failed unexpectedly", r.command(), e);
            return Reply.of(Resp.error(alloc, "Internal error"));
        }
    }

    private ByteBuf dispatch(ZdbSession s, ZdbRequest r, ByteBufAllocator alloc) throws IOException {
        if (r.command().isEmpty()) {
            return Resp.error(alloc, "This is not a valid command");
        }
        switch (r.command()) {
            case "PING":
                return Resp.simple(alloc, "PONG");
            case "TIME":
                return time(alloc);
            case "INFO":
                return info(alloc);
            case "AUTH":
                return auth(s, r, alloc);
            case "SELECT":
                return select(s, r, alloc);
            case "NSNEW":
                return nsnew(s, r, alloc);
            case "NSDEL":
                return nsdel(s, r, alloc);
            case "NSINFO":
                return nsinfo(s, r, alloc);
            case "NSLIST":
                return nslist(alloc);
            case "NSSET":
                return nsset(s, r, alloc);
            case "DBSIZE":
                return Resp.integer(alloc, s.namespace.size());
            case "SET":
                return set(s, r, alloc);
            case "GET":
                return get(s, r, alloc);
            case "MGET":
                return mget(s, r, alloc);
            case "DEL":
                return del(s, r, alloc);
            case "EXISTS":
                return exists(s, r, alloc);
            case "CHECK":
                return check(s, r, alloc);
            case "LENGTH":
                return length(s, r, alloc);
            case "KEYTIME":
                return keytime(s, r, alloc);
            case "KEYCUR":
                return keycur(s, r, alloc);
            case "SCAN":
                return scan(s, r, alloc, false);
            case "RSCAN":
                return scan(s, r, alloc, true);
            default:
                return Resp.error(alloc, "Command not supported");
        }
    }

    // ---- server ----

    private static ByteBuf time(ByteBufAllocator alloc) {
        Instant now = Instant.now();
        ByteBuf buf = alloc.buffer(40);
        Resp.writeArrayHeader(buf, 2);
        Resp.writeBulk(buf, Long.toString(now.getEpochSecond()).getBytes(StandardCharsets.US_ASCII));
        Resp.writeBulk(buf, Long.toString(now.getNano() / 1000).getBytes(StandardCharsets.US_ASCII));
        return buf;
    }

    private ByteBuf info(ByteBufAllocator alloc) {
        long now = Instant.now().getEpochSecond();
        String mode = switch (options.mode()) {
            case MIXED -> "mixed";
            case USER -> "userkey";
            case SEQ -> "sequential";
        };
        String text = "# server\n"
                + "server_name: 0-db (zdb)\n"
                + "server_revision: zstor-embedded\n"
                + "engine_revision: zstor-embedded\n"
                + "boot_time: " + bootTime + "\n"
                + "uptime: " + (now - bootTime) + "\n"
                + "\n# clients\n"
                + "clients_lifetime: " + clientsLifetime.get() + "\n"
                + "active_clients: " + activeClients.get() + "\n"
                + "\n# internals\n"
                + "sequential_key_size: " + SequentialKeys.LENGTH + "\n"
                + "mode: " + mode + "\n"
                + "datasize: " + options.dataFileSize() + "\n"
                + "persistent: " + (persistent ? "yes" : "no") + "\n"
                + "\n# stats\n"
                + "commands_executed: " + commands.get() + "\n";
        return Resp.bulk(alloc, text.getBytes(StandardCharsets.ISO_8859_1));
    }

    // ---- authentication and namespaces ----

    private ByteBuf auth(ZdbSession s, ZdbRequest r, ByteBufAllocator alloc) {
        if (r.argCount() == 0 || r.argCount() > 2) {
            throw new ZdbCommandException("Unexpected arguments");
        }
        String admin = options.adminPassword().orElse(null);
        if (admin == null) {
            throw new ZdbCommandException("Authentication disabled");
        }
        if (r.argCount() == 1) {
            if (r.arg(0).length > 128) {
                throw new ZdbCommandException("Password too long");
            }
            if (!Secrets.matches(r.arg(0), admin)) {
                throw new ZdbCommandException("Access denied");
            }
            s.admin = true;
            return Resp.simple(alloc, "OK");
        }
        if (!Secrets.isSecureWord(r.arg(0))) {
            throw new ZdbCommandException("Only SECURE extra method supported");
        }
        if ("CHALLENGE".equalsIgnoreCase(r.argString(1))) {
            s.nonce = secrets.nonce();
            return Resp.simple(alloc, s.nonce);
        }
        if (s.nonce == null) {
            throw new ZdbCommandException("No CHALLENGE requested, secure authentication not available");
        }
        if (r.arg(1).length != 40) {
            throw new ZdbCommandException("Invalid hash length");
        }
        String nonce = s.nonce;
        s.nonce = null;
        if (!Secrets.secureMatches(nonce, admin, r.arg(1))) {
            throw new ZdbCommandException("Access denied");
        }
        s.admin = true;
        return Resp.simple(alloc, "OK");
    }

    private ByteBuf select(ZdbSession s, ZdbRequest r, ByteBufAllocator alloc) {
        if (r.argCount() == 0) {
            throw new ZdbCommandException("Invalid argument");
        }
        if (r.argCount() > 3) {
            throw new ZdbCommandException("Too many arguments");
        }
        Namespace ns = registry.get(r.argString(0));
        if (ns == null) {
            throw new ZdbCommandException("Namespace not found");
        }
        String password = ns.password();
        boolean writable;
        if (r.argCount() == 1) {
            if (password != null && !ns.isPublic()) {
                throw new ZdbCommandException("Namespace protected and private");
            }
            writable = password == null;
        } else if (r.argCount() == 2) {
            if (r.arg(1).length > 255) {
                throw new ZdbCommandException("Password too long");
            }
            if (password != null && !Secrets.matches(r.arg(1), password)) {
                throw new ZdbCommandException("Access denied");
            }
            writable = true;
        } else {
            if (!Secrets.isSecureWord(r.arg(1))) {
                throw new ZdbCommandException("Only SECURE extra method supported");
            }
            if (s.nonce == null) {
                throw new ZdbCommandException("No CHALLENGE requested, secure authentication not available");
            }
            if (r.arg(2).length != 40) {
                throw new ZdbCommandException("Invalid hash length");
            }
            if (password != null && !Secrets.secureMatches(s.nonce, password, r.arg(2))) {
                throw new ZdbCommandException("Access denied");
            }
            writable = true;
        }
        s.namespace = ns;
        s.writable = writable;
        return Resp.simple(alloc, "OK");
    }

    private ByteBuf nsnew(ZdbSession s, ZdbRequest r, ByteBufAllocator alloc) throws IOException {
        requireAdmin(s);
        requireArgs(r, 1);
        registry.create(r.argString(0));
        return Resp.simple(alloc, "OK");
    }

    private ByteBuf nsdel(ZdbSession s, ZdbRequest r, ByteBufAllocator alloc) throws IOException {
        requireAdmin(s);
        requireArgs(r, 1);
        String name = r.argString(0);
        if (NamespaceRegistry.DEFAULT.equals(name)) {
            throw new ZdbCommandException("Cannot remove default namespace");
        }
        Namespace ns = registry.get(name);
        if (ns == null) {
            throw new ZdbCommandException("This namespace doesn't exists");
        }
        if (ns == s.namespace) {
            throw new ZdbCommandException("Cannot remove namespace you're currently using.");
        }
        registry.remove(ns);
        return Resp.simple(alloc, "OK");
    }

    private ByteBuf nsinfo(ZdbSession s, ZdbRequest r, ByteBufAllocator alloc) {
        requireArgs(r, 1);
        Namespace ns = registry.get(r.argString(0));
        if (ns == null) {
            throw new ZdbCommandException("Namespace not found");
        }
        return Resp.bulk(alloc, ns.info(s.admin).getBytes(StandardCharsets.ISO_8859_1));
    }

    private ByteBuf nslist(ByteBufAllocator alloc) {
        List<String> names = registry.names();
        ByteBuf buf = alloc.buffer(16 + names.size() * 24);
        Resp.writeArrayHeader(buf, names.size());
        for (String n : names) {
            Resp.writeBulk(buf, n.getBytes(StandardCharsets.ISO_8859_1));
        }
        return buf;
    }

    private ByteBuf nsset(ZdbSession s, ZdbRequest r, ByteBufAllocator alloc) {
        requireAdmin(s);
        requireArgs(r, 3);
        Namespace ns = registry.get(r.argString(0));
        if (ns == null) {
            throw new ZdbCommandException("Namespace not found");
        }
        if (r.arg(2).length > 63) {
            throw new ZdbCommandException("Argument too long");
        }
        String property = r.argString(1).toLowerCase(Locale.ROOT);
        String value = r.argString(2);
        boolean isDefault = NamespaceRegistry.DEFAULT.equals(ns.name());
        boolean one = !value.isEmpty() && value.charAt(0) == '1';
        switch (property) {
            case "password" -> {
                requireNotDefault(isDefault);
                ns.updateSettings(st -> st.password = "*".equals(value) ? null : value);
            }
            case "public" -> {
                requireNotDefault(isDefault);
                ns.updateSettings(st -> st.isPublic = one);
            }
            case "maxsize" -> {
                requireNotDefault(isDefault);
                long max = atoll(value);
                ns.updateSettings(st -> st.maxSize = max);
            }
            case "worm" -> {
                requireNotDefault(isDefault);
                ns.updateSettings(st -> st.worm = one);
            }
            case "mode" -> {
                if (options.mode() != ZdbMode.MIXED) {
                    throw new ZdbCommandException("This server instance is configured to use a single runtime mode");
                }
                boolean seq;
                if ("seq".equals(value)) {
                    seq = true;
                } else if ("user".equals(value)) {
                    seq = false;
                } else {
                    throw new ZdbCommandException("Invalid property value (expected: user, seq)");
                }
                synchronized (ns) {
                    if (!ns.fresh() && ns.sequential() != seq) {
                        throw new ZdbCommandException("Cannot change mode of used namespace");
                    }
                    ns.updateSettings(st -> st.sequential = seq);
                }
            }
            case "lock" -> ns.updateSettings(st -> st.lock = one ? LockState.LOCKED : LockState.NONE);
            case "freeze" -> ns.updateSettings(st -> st.lock = one ? LockState.FROZEN : LockState.NONE);
            default -> throw new ZdbCommandException("Invalid property");
        }
        return Resp.simple(alloc, "OK");
    }

    /** C atoll: optional sign and leading digits, anything else ends the number; negative counts as 0. */
    static long atoll(String v) {
        int i = 0;
        while (i < v.length() && Character.isWhitespace(v.charAt(i))) {
            i++;
        }
        boolean negative = false;
        if (i < v.length() && (v.charAt(i) == '+' || v.charAt(i) == '-')) {
            negative = v.charAt(i) == '-';
            i++;
        }
        long n = 0;
        while (i < v.length() && v.charAt(i) >= '0' && v.charAt(i) <= '9' && n < Long.MAX_VALUE / 10 - 10) {
            n = n * 10 + (v.charAt(i) - '0');
            i++;
        }
        return negative ? 0 : n;
    }

    // ---- data ----

    private ByteBuf set(ZdbSession s, ZdbRequest r, ByteBufAllocator alloc) throws IOException {
        if (r.argCount() != 2 && r.argCount() != 3) {
            throw new ZdbCommandException("Unexpected arguments");
        }
        if (r.argCount() == 3 && !s.admin) {
            throw new ZdbCommandException("Permission denied");
        }
        Namespace ns = s.namespace;
        requireWritable(s, ns);
        if (r.argLength(0) > MAX_KEY) {
            throw new ZdbCommandException("Key too large");
        }
        byte[] key = r.arg(0);
        long ts = r.argCount() == 3 ? atoll(r.argString(2)) : Instant.now().getEpochSecond();
        byte[] stored = ns.set(key, r.argBuf(1), ts);
        return stored == null ? Resp.nil(alloc) : Resp.bulk(alloc, stored);
    }

    private ByteBuf del(ZdbSession s, ZdbRequest r, ByteBufAllocator alloc) throws IOException {
        if (r.argCount() != 1 && r.argCount() != 2) {
            throw new ZdbCommandException("Unexpected arguments");
        }
        if (r.argCount() == 2 && !s.admin) {
            throw new ZdbCommandException("Permission denied");
        }
        Namespace ns = s.namespace;
        requireWritable(s, ns);
        byte[] key = readKey(r);
        long ts = r.argCount() == 2 ? atoll(r.argString(1)) : Instant.now().getEpochSecond();
        ns.delete(key, ts);
        return Resp.simple(alloc, "OK");
    }

    private ByteBuf get(ZdbSession s, ZdbRequest r, ByteBufAllocator alloc) throws IOException {
        requireArgs(r, 1);
        requireNotFrozen(s.namespace);
        ByteBuf payload = s.namespace.get(readKey(r), alloc);
        if (payload == null) {
            return Resp.nil(alloc);
        }
        return bulkOf(alloc, payload);
    }

    /** A bulk reply around {@code payload} without copying it; takes ownership of {@code payload}. */
    private static ByteBuf bulkOf(ByteBufAllocator alloc, ByteBuf payload) {
        ByteBuf head = Resp.writeBulkHeader(alloc.buffer(16), payload.readableBytes());
        ByteBuf tail = Resp.writeCrlf(alloc.buffer(2));
        return alloc.compositeBuffer(3).addComponents(true, head, payload, tail);
    }

    private ByteBuf mget(ZdbSession s, ZdbRequest r, ByteBufAllocator alloc) throws IOException {
        if (r.argCount() == 0) {
            throw new ZdbCommandException("Invalid arguments");
        }
        requireNotFrozen(s.namespace);
        for (int i = 0; i < r.argCount(); i++) {
            if (r.argLength(i) > MAX_KEY) {
                throw new ZdbCommandException("Invalid key");
            }
        }
        long total = 0;
        for (int i = 0; i < r.argCount(); i++) {
            IndexEntry e = r.argLength(i) == 0 ? null : s.namespace.lookup(r.arg(i));
            total += e == null ? 5 : e.length() + 16L;
        }
        if (total > MAX_MGET_BYTES) {
            throw new ZdbCommandException("Reply too large");
        }
        io.netty.buffer.CompositeByteBuf reply = alloc.compositeBuffer(r.argCount() + 1);
        try {
            reply.addComponent(true, Resp.writeArrayHeader(alloc.buffer(16), r.argCount()));
            for (int i = 0; i < r.argCount(); i++) {
                ByteBuf payload = r.argLength(i) == 0 ? null : s.namespace.get(r.arg(i), alloc);
                reply.addComponent(true, payload == null ? Resp.nil(alloc) : bulkOf(alloc, payload));
            }
            return reply;
        } catch (IOException | RuntimeException ex) {
            reply.release();
            throw ex;
        }
    }

    private ByteBuf exists(ZdbSession s, ZdbRequest r, ByteBufAllocator alloc) {
        requireArgs(r, 1);
        requireNotFrozen(s.namespace);
        return Resp.integer(alloc, s.namespace.lookup(readKey(r)) == null ? 0 : 1);
    }

    private ByteBuf check(ZdbSession s, ZdbRequest r, ByteBufAllocator alloc) throws IOException {
        requireArgs(r, 1);
        requireNotFrozen(s.namespace);
        Boolean intact = s.namespace.check(readKey(r));
        if (intact == null) {
            return Resp.nil(alloc);
        }
        return Resp.integer(alloc, intact ? 1 : 0);
    }

    private ByteBuf length(ZdbSession s, ZdbRequest r, ByteBufAllocator alloc) {
        requireArgs(r, 1);
        requireNotFrozen(s.namespace);
        IndexEntry e = s.namespace.lookup(readKey(r));
        return e == null ? Resp.nil(alloc) : Resp.integer(alloc, e.length());
    }

    private ByteBuf keytime(ZdbSession s, ZdbRequest r, ByteBufAllocator alloc) {
        requireArgs(r, 1);
        requireNotFrozen(s.namespace);
        IndexEntry e = s.namespace.lookup(readKey(r));
        return e == null ? Resp.nil(alloc) : Resp.integer(alloc, e.timestamp());
    }

    private ByteBuf keycur(ZdbSession s, ZdbRequest r, ByteBufAllocator alloc) {
        requireArgs(r, 1);
        requireNotFrozen(s.namespace);
        IndexEntry e = r.argLength(0) == 0 || r.argLength(0) > MAX_KEY ? null : s.namespace.lookup(r.arg(0));
        if (e == null) {
            throw new ZdbCommandException("Key not found");
        }
        return Resp.bulk(alloc, ScanCursor.encode(e));
    }

    private ByteBuf scan(ZdbSession s, ZdbRequest r, ByteBufAllocator alloc, boolean reverse) {
        requireNotFrozen(s.namespace);
        if (r.argCount() > 0 && r.argLength(0) != ScanCursor.LENGTH) {
            throw new ZdbCommandException("Invalid key format");
        }
        Long from = r.argCount() == 0 ? null : ScanCursor.decodeOrder(r.arg(0));
        List<IndexEntry> entries = s.namespace.scan(from, reverse);
        if (entries.isEmpty()) {
            throw new ZdbCommandException("No more data");
        }
        ByteBuf buf = alloc.buffer(64 + entries.size() * 64);
        Resp.writeArrayHeader(buf, 2);
        Resp.writeBulk(buf, ScanCursor.encode(entries.get(entries.size() - 1)));
        Resp.writeArrayHeader(buf, entries.size());
        for (IndexEntry e : entries) {
            Resp.writeArrayHeader(buf, 3);
            Resp.writeBulk(buf, e.key());
            Resp.writeInteger(buf, e.length());
            Resp.writeInteger(buf, e.timestamp());
        }
        return buf;
    }

    // ---- checks ----

    private static byte[] readKey(ZdbRequest r) {
        if (r.argLength(0) > MAX_KEY) {
            throw new ZdbCommandException("Invalid key");
        }
        if (r.argLength(0) == 0) {
            throw new ZdbCommandException("Invalid argument");
        }
        return r.arg(0);
    }

    private static void requireArgs(ZdbRequest r, int n) {
        if (r.argCount() != n) {
            throw new ZdbCommandException("Unexpected arguments");
        }
    }

    private static void requireAdmin(ZdbSession s) {
        if (!s.admin) {
            throw new ZdbCommandException("Permission denied");
        }
    }

    private static void requireNotDefault(boolean isDefault) {
        if (isDefault) {
            throw new ZdbCommandException("Cannot update default namespace");
        }
    }

    private static void requireNotFrozen(Namespace ns) {
        if (ns.lockState() == LockState.FROZEN) {
            throw new ZdbCommandException("Namespace is temporarily frozen (read-write disabled)");
        }
    }

    private static void requireWritable(ZdbSession s, Namespace ns) {
        LockState lock = ns.lockState();
        if (lock == LockState.FROZEN) {
            throw new ZdbCommandException("Namespace is temporarily frozen (read-write disabled)");
        }
        if (lock == LockState.LOCKED) {
            throw new ZdbCommandException("Namespace is temporarily locked (read-only)");
        }
        if (!s.writable) {
            throw new ZdbCommandException("Namespace is in read-only mode");
        }
    }
}
