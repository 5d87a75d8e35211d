package io.zstor.it.fault;

import io.zstor.engine.Zstor;
import io.zstor.engine.backend.BackendSpec;
import io.zstor.engine.backend.Secret;
import io.zstor.engine.config.CompressionConfig;
import io.zstor.engine.config.EncryptionConfig;
import io.zstor.engine.config.GroupConfig;
import io.zstor.engine.config.MetaConfig;
import io.zstor.engine.config.TuningConfig;
import io.zstor.engine.config.ZstorConfig;
import io.zstor.transport.zdb.client.LettuceZdbConnector;
import io.zstor.transport.zdb.client.LettuceZdbOptions;
import io.zstor.transport.zdb.server.ZdbMode;
import io.zstor.transport.zdb.server.ZdbServer;
import io.zstor.transport.zdb.server.ZdbServerOptions;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * Four metadata zdbs (USER mode) and n data zdbs (SEQ mode), embedded and file-backed, each behind its own
 * {@link FaultProxy}; the engine is configured with the proxy addresses and short timeouts, so every fault
 * the proxies inject reaches the real client and engine. Data servers can be stopped and restarted on their
 * files (the proxy is re-pointed at the new port).
 */
final class FaultCluster implements AutoCloseable {

    /** Per-command timeout of the engine's zdb client. */
    static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(3);

    private static final String LIMITED = "limited";

    private final Path dir;
    private final long dataMaxSize;
    private final List<ZdbServer> meta = new ArrayList<>();
    private final List<ZdbServer> data = new ArrayList<>();
    private final List<FaultProxy> metaProxies = new ArrayList<>();
    private final List<FaultProxy> dataProxies = new ArrayList<>();
    private final ZstorConfig config;

    private FaultCluster(Path dir, int dataBackends, int k, int n, int blockSize, long dataMaxSize) {
        this.dir = dir;
        this.dataMaxSize = dataMaxSize;
        List<BackendSpec> metaSpecs = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            ZdbServer s = start("meta-" + i, ZdbMode.USER, 0, 0);
            meta.add(s);
            FaultProxy p = FaultProxy.start(s.address());
            metaProxies.add(p);
            metaSpecs.add(new BackendSpec(p.address(), Optional.empty(), Optional.empty()));
        }
        List<BackendSpec> dataSpecs = new ArrayList<>();
        for (int i = 0; i < dataBackends; i++) {
            ZdbServer s = start("data-" + i, ZdbMode.SEQ, 0, dataMaxSize);
            data.add(s);
            FaultProxy p = FaultProxy.start(s.address());
            dataProxies.add(p);
            Optional<String> namespace = Optional.empty();
            if (dataMaxSize > 0) {
                // 0-db's --maxsize applies to namespaces created later, not to the default one
                RawResp.command(s.address(), "NSNEW", LIMITED);
                namespace = Optional.of(LIMITED);
            }
            dataSpecs.add(new BackendSpec(p.address(), namespace, Optional.empty()));
        }
        SecureRandom random = new SecureRandom();
        byte[] dataKey = new byte[32];
        byte[] metaKey = new byte[32];
        random.nextBytes(dataKey);
        random.nextBytes(metaKey);
        TuningConfig d = TuningConfig.defaults();
        TuningConfig tuning = new TuningConfig(blockSize, 4, d.maxParallelUploads(), COMMAND_TIMEOUT,
                Duration.ofSeconds(1), d.zdbMaxInFlight(), d.repairInterval());
        this.config = new ZstorConfig(k, n, 0, 0, Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), OptionalLong.empty(), Optional.empty(), OptionalInt.empty(),
                new EncryptionConfig("AES", Secret.ofBytes(dataKey)), new CompressionConfig("snappy"),
                new MetaConfig("zdb", "fault", new EncryptionConfig("AES", Secret.ofBytes(metaKey)), metaSpecs),
                List.of(new GroupConfig(dataSpecs)), tuning);
    }

    /** A cluster in {@code dir}: {@code dataBackends} data zdbs, k of n shards, no namespace size limit. */
    static FaultCluster start(Path dir, int dataBackends, int k, int n, int blockSize) {
        return new FaultCluster(dir, dataBackends, k, n, blockSize, 0);
    }

    /** The same with every data namespace limited to {@code maxSize} bytes. */
    static FaultCluster startLimited(Path dir, int dataBackends, int k, int n, int blockSize, long maxSize) {
        return new FaultCluster(dir, dataBackends, k, n, blockSize, maxSize);
    }

    private ZdbServer start(String name, ZdbMode mode, int port, long maxSize) {
        ZdbServerOptions.Builder b = ZdbServerOptions.builder().host("127.0.0.1").port(port)
                .dataDir(dir.resolve(name)).mode(mode);
        if (maxSize > 0) {
            b.defaultMaxSize(maxSize);
        }
        return ZdbServer.start(b.build());
    }

    /** The config (proxy addresses). */
    ZstorConfig config() {
        return config;
    }

    /** A new engine over the proxies with short client timeouts. */
    Zstor engine() {
        LettuceZdbOptions options = LettuceZdbOptions.builder()
                .connectTimeout(Duration.ofSeconds(1))
                .commandTimeout(COMMAND_TIMEOUT)
                .reconnectAttempts(1)
                .reconnectBackoff(Duration.ofMillis(50), Duration.ofMillis(200))
                .build();
        return Zstor.create(config, LettuceZdbConnector.create(options));
    }

    /** The proxy in front of data backend {@code i}. */
    FaultProxy data(int i) {
        return dataProxies.get(i);
    }

    /** The proxy in front of metadata backend {@code i}. */
    FaultProxy meta(int i) {
        return metaProxies.get(i);
    }

    /** Number of data backends. */
    int dataBackends() {
        return data.size();
    }

    /** Stops data server {@code i} (its files stay); its proxy now resets every new connection. */
    void stopData(int i) {
        dataProxies.get(i).refuse(true).resetAll();
        data.get(i).close();
    }

    /** Stops metadata server {@code i}; its proxy now resets every new connection. */
    void stopMeta(int i) {
        metaProxies.get(i).refuse(true).resetAll();
        meta.get(i).close();
    }

    /** Starts metadata server {@code i} again on its files (new port) and heals its proxy. */
    void restartMeta(int i) {
        ZdbServer s = start("meta-" + i, ZdbMode.USER, 0, 0);
        meta.set(i, s);
        metaProxies.get(i).upstream(s.address()).heal();
    }

    /** Starts data server {@code i} again on its files (new port) and heals its proxy. */
    void restartData(int i) {
        ZdbServer s = start("data-" + i, ZdbMode.SEQ, 0, dataMaxSize);
        data.set(i, s);
        dataProxies.get(i).upstream(s.address()).heal();
    }

    /** Puts a {@link MaliciousZdb} (honest until told otherwise) between the proxy and data server {@code i}. */
    MaliciousZdb malicious(int i, long seed) {
        MaliciousZdb m = MaliciousZdb.start(data.get(i).address(), seed);
        dataProxies.get(i).upstream(m.address()).resetAll();
        return m;
    }

    /** Heals every proxy. */
    void healAll() {
        metaProxies.forEach(FaultProxy::heal);
        dataProxies.forEach(FaultProxy::heal);
    }

    @Override
    public void close() {
        metaProxies.forEach(FaultProxy::close);
        dataProxies.forEach(FaultProxy::close);
        meta.forEach(ZdbServer::close);
        data.forEach(ZdbServer::close);
    }
}
