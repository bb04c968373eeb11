package io.tally.server.runtime;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.tally.server.NodeStartException;
import io.tally.server.config.HostPort;
import io.tally.server.config.MemberSpec;
import io.tally.server.config.NodeConfig;
import io.tally.server.core.ApiReply;
import io.tally.server.core.MemberInfo;
import io.tally.gossip.NodeMeta;
import io.tally.server.membership.GossipEvent;
import io.tally.server.membership.KnownMembersFile;
import io.tally.server.membership.SwimMembership;
import io.tally.server.membership.SwimSettings;
import io.tally.server.membership.TransportGossipNetwork;
import io.tally.server.core.MemberState;
import io.tally.server.core.NodeCore;
import io.tally.server.core.NodeEvent;
import io.tally.server.core.ApiRoute;
import io.tally.server.data.DataReplies;
import io.tally.server.http.ApiDispatcher;
import io.tally.server.raft.Bootstrap;
import io.tally.server.raft.ClientRequest;
import io.tally.server.raft.Outcome;
import io.tally.server.raft.RaftDriver;
import io.tally.server.raft.RaftEvent;
import io.tally.server.raft.RaftRuntime;
import io.tally.wire.proto.Envelope;
import io.tally.server.core.NodeLoop;
import io.tally.server.discovery.DiscoveryService;
import io.tally.server.http.HttpApiServer;
import io.tally.server.identity.DataDir;
import io.tally.server.identity.DataDirException;
import io.tally.server.identity.NodeIdentity;
import io.tally.transport.PeerTransport;
import io.tally.transport.TransportBindException;
import io.tally.transport.TransportConfig;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running node: data dir (lock + identity), metrics registry, node loop and core, peer transport and
 * HTTP server. {@link #start} brings them up in that order and refuses with a
 * {@link NodeStartException} (one line, naming the address or file) when one cannot start, undoing what
 * was started; {@link #close()} stops them in the order of a clean shutdown: stop accepting HTTP, drain
 * the node queue, close the transport and the HTTP connections, close the metrics, release the data-dir
 * lock. Thread-safe; {@link #close()} is idempotent.
 */
public final class TallyNode implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(TallyNode.class);

    /** Bound of the node queue, in events. */
    public static final int QUEUE_EVENTS_MAX = 8_192;
    /** API calls are refused (503) once the queue holds this many events, keeping room for peer events. */
    public static final int QUEUE_EVENTS_MAX_FOR_API = 6_144;
    static final long TICK_INTERVAL_MS = 100;
    static final long DRAIN_TIMEOUT_MS = 5_000;
    /** How long a data request may wait for a leader and a quorum before it is answered 503 (below the HTTP timeout). */
    static final long REQUEST_TIMEOUT_MS = 5_000;

    private final NodeConfig config;
    private final DataDir dataDir;
    private final PrometheusMeterRegistry registry;
    private final JvmGcMetrics gcMetrics;
    private final NodeLoop loop;
    private final ScheduledExecutorService ticker;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final AtomicBoolean closing = new AtomicBoolean();
    private volatile PeerTransport transport;
    private volatile HttpApiServer http;
    private volatile DiscoveryService discovery;
    private final TransportBridge bridge;
    private final NodeCore core;
    private volatile RaftRuntime raft;
    private volatile io.tally.server.files.FileService files;
    private final long originNanos;
    /** Raft peers given to the transport so far (node loop thread only). */
    private final java.util.Set<String> raftPeersDialed = new java.util.HashSet<>();
    private volatile int exitCode;
    private final long leaveTimeoutMs;
    private final KnownMembersFile knownMembers;

    private TallyNode(NodeConfig config, DataDir dataDir) {
        this.config = config;
        this.dataDir = dataDir;
        NodeIdentity id = dataDir.identity();
        this.registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        registry.config().commonTags("node", id.nodeId(), "cluster", id.clusterName());
        new JvmMemoryMetrics().bindTo(registry);
        this.gcMetrics = new JvmGcMetrics();
        gcMetrics.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);

        MemberInfo self = new MemberInfo(id.nodeId(), config.peer(), Optional.of(config.http()), config.resp());
        List<MemberInfo> configured = new ArrayList<>();
        for (MemberSpec m : config.members()) {
            configured.add(new MemberInfo(m.id(), m.peer(), m.http(), m.resp()));
        }
        long seed = SwimSettings.seed(id.nodeId(), new SecureRandom().nextLong());
        long incarnation = System.currentTimeMillis(); // above any this node used before (refutations add 1 each)
        LOG.debug("gossip seed {} incarnation {}", seed, incarnation);
        String version = Optional.ofNullable(TallyNode.class.getPackage().getImplementationVersion()).orElse("dev");
        NodeMeta meta = new NodeMeta(config.http().toString(), config.resp().map(HostPort::toString).orElse(""), true,
            version);
        this.leaveTimeoutMs = SwimSettings.leaveTimeoutMs(config);
        this.knownMembers = new KnownMembersFile(dataDir.path());
        List<HostPort> joins = config.join();
        if (joins.isEmpty() && !dataDir.created()) {
            joins = KnownMembersFile.seeds(knownMembers.read());
            if (!joins.isEmpty()) {
                LOG.info("rejoining through the members known before the restart: {}", joins);
            }
        }
        SwimMembership membership = new SwimMembership(SwimSettings.swimConfig(config), self, meta, configured,
            joins, incarnation, new Random(seed), config.bootstrapExpect(), config.gossip().joinTimeoutMs(),
            leaveTimeoutMs, new TransportGossipNetwork(() -> transport, config.gossip().datagramBytesMax(), registry));
        membership.onKnownMembers(knownMembers::writeAsync);
        TransportBridge bridge = new TransportBridge(this::offer, closing::get, registry);
        NodeCore core = new NodeCore(id, membership, bridge, registry::scrape, this::adoptClusterId);
        this.originNanos = System.nanoTime();
        this.loop = new NodeLoop(id.nodeId(), QUEUE_EVENTS_MAX, core, this::nodeClockMs, this::fatal);
        for (String name : SwimMembership.counterNames()) {
            FunctionCounter.builder("tally.gossip." + name.replace('_', '.'), membership, m -> m.counter(name))
                .description("SWIM core counter " + name).register(registry);
        }
        Gauge.builder("tally.gossip.health.score", membership, SwimMembership::healthScore)
            .description("Lifeguard local health score (0 is healthy; timeouts scale by score + 1)").register(registry);
        Gauge.builder("tally.gossip.broadcasts.queued", membership, SwimMembership::queuedBroadcasts)
            .description("membership updates and broadcasts waiting to be piggybacked").register(registry);
        for (MemberState state : MemberState.values()) {
            Gauge.builder("tally.members", core, c -> c.memberCount(state))
                .description("members this node knows, by state (itself included)")
                .tag("state", state.wireName()).register(registry);
        }
        Gauge.builder("tally.node.queue.events", loop, NodeLoop::queued)
            .description("events waiting in the node queue").register(registry);
        FunctionCounter.builder("tally.node.queue.rejected", loop, NodeLoop::rejected)
            .description("events refused by the node queue (full or stopping)").register(registry);
        this.ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "node-ticker");
            t.setDaemon(true);
            return t;
        });
        this.bridge = bridge;
        this.core = core;
    }

    /**
     * Starts a node.
     *
     * @throws NodeStartException when the data dir or a port cannot be used; nothing is left running
     */
    public static TallyNode start(NodeConfig config) {
        DataDir dir;
        try {
            dir = DataDir.open(config.dataDir(), config.nodeId(), config.clusterName(), founds(config), new SecureRandom());
        } catch (DataDirException e) {
            throw new NodeStartException(e.getMessage(), 1, e);
        }
        NodeIdentity id = dir.identity();
        TallyNode node;
        try {
            node = new TallyNode(config.withNodeId(id.nodeId()), dir);
        } catch (RuntimeException e) {
            dir.close();
            throw e;
        }
        try {
            node.startServices();
        } catch (RuntimeException e) {
            node.close();
            throw e;
        }
        LOG.info("node {} of cluster {} serving: http {}, peer {}{} (data dir {}{})", id.nodeId(), id.clusterName(),
            config.http(), config.peer(), config.resp().map(r -> ", resp " + r + " (not served yet)").orElse(""),
            dir.path(), dir.created() ? ", new" : "");
        if (config.bootstrapExpect().isPresent()) {
            LOG.info("bootstrap-expect {}: the Raft group forms once that many voter-eligible members are alive"
                + " (a node with Raft state resumes instead)", config.bootstrapExpect().getAsInt());
        }
        return node;
    }

    private void startServices() {
        NodeIdentity id = dataDir.identity();
        InetSocketAddress peerBind = bindAddress(config.peer(), "--peer");
        InetSocketAddress httpBind = bindAddress(config.http(), "--http");
        TransportConfig tc = TransportConfig.builder(id.nodeId(), id.clusterName(), peerBind)
            .clusterId(id.clusterId())
            .advertisedPeerAddress(config.peer().toString())
            .httpAddress(config.http().toString())
            .datagramBytesMax(config.gossip().datagramBytesMax())
            .build();
        try {
            transport = PeerTransport.start(tc, bridge, registry);
        } catch (TransportBindException e) {
            throw new NodeStartException("cannot listen on " + config.peer() + " (--peer): " + rootMessage(e), 1, e);
        }
        bridge.attach(transport);
        discovery = DiscoveryService.start(id.clusterName(), id.nodeId(), config.peer().toString(),
            config.gossip().discoveryPort(), config.discover(), config.gossip().discoverTimeoutMs(),
            peers -> offer(new NodeEvent.Gossip(new GossipEvent.Discovered(peers))), registry);
        startRaft(id);
        loop.start();
        ticker.scheduleAtFixedRate(() -> offer(new NodeEvent.Raft(new RaftEvent.Tick())), RaftDriver.TICK_MS, RaftDriver.TICK_MS,
            TimeUnit.MILLISECONDS);
        long tickMs = SwimSettings.tickIntervalMs(config);
        ticker.scheduleAtFixedRate(() -> offer(new NodeEvent.Tick()), tickMs, tickMs, TimeUnit.MILLISECONDS);
        try {
            ApiDispatcher dispatcher = new ApiDispatcher() {
                @Override
                public Optional<CompletableFuture<ApiReply>> submit(ApiRoute route) {
                    if (loop.queued() >= QUEUE_EVENTS_MAX_FOR_API) {
                        return Optional.empty();
                    }
                    CompletableFuture<ApiReply> f = new CompletableFuture<>();
                    return loop.offer(new NodeEvent.ApiCall(route, f)) ? Optional.of(f) : Optional.empty();
                }

                @Override
                public Optional<CompletableFuture<ApiReply>> submitData(ClientRequest request) {
                    if (loop.queued() >= QUEUE_EVENTS_MAX_FOR_API) {
                        return Optional.empty();
                    }
                    CompletableFuture<Outcome> f = new CompletableFuture<>();
                    return loop.offer(new NodeEvent.Raft(new RaftEvent.Call(request, f)))
                        ? Optional.of(f.thenApply(DataReplies::render)) : Optional.empty();
                }

                @Override
                public Optional<CompletableFuture<ApiReply>> submitAdmin(io.tally.server.raft.AdminOp op) {
                    CompletableFuture<ApiReply> f = new CompletableFuture<>();
                    return loop.offer(new NodeEvent.Raft(new RaftEvent.Admin(op, f))) ? Optional.of(f) : Optional.empty();
                }
            };
            files = startFiles(id, dispatcher);
            http = HttpApiServer.start(httpBind, config.requestBodyBytesMax(), 2, dispatcher, files, registry);
        } catch (BindException e) {
            throw new NodeStartException("cannot listen on " + config.http() + " (--http): " + rootMessage(e), 1, e);
        }
    }

    /**
     * The file service (docs/files.md): its own {@code ChunkStore} handle on {@code DATA/chunks} (the one
     * {@code NodeStorage} opens is not used by anything else), chunk messages from the transport, voters from the
     * core's cluster view, manifests through {@code dispatcher}.
     */
    private io.tally.server.files.FileService startFiles(NodeIdentity id, ApiDispatcher dispatcher) {
        io.tally.storage.chunk.ChunkStore chunks;
        try {
            chunks = new io.tally.storage.chunk.ChunkStore(new io.tally.storage.fs.RealFileSystem(dataDir.path(), config.fsync()),
                "chunks", io.tally.storage.NodeStorage.CHUNK_BYTES_MAX);
        } catch (java.io.IOException e) {
            throw new NodeStartException("cannot open the chunk store under " + dataDir.path() + ": " + rootMessage(e), 1, e);
        }
        io.tally.server.files.FileService fs = new io.tally.server.files.FileService(chunks, id.nodeId(),
            (peer, envelope) -> {
                PeerTransport t = transport;
                return t != null && t.send(peer, envelope);
            },
            () -> dispatcher.submit(ApiRoute.CLUSTER).map(f -> f.thenApply(TallyNode::voters))
                .orElseGet(() -> CompletableFuture.completedFuture(java.util.Set.of())),
            dispatcher, () -> raft == null ? null : raft.reader());
        bridge.attachFiles(fs::onPeerMessage);
        return fs;
    }

    /** The Raft voters named by a {@code /v1/cluster} reply (empty when there is no group). */
    private static java.util.Set<String> voters(ApiReply reply) {
        java.util.Set<String> out = new java.util.TreeSet<>();
        try {
            new com.fasterxml.jackson.databind.ObjectMapper().readTree(reply.body()).path("raft").path("voters")
                .forEach(v -> out.add(v.asText()));
        } catch (java.io.IOException e) {
            LOG.warn("cannot read the voters from the cluster view: {}", e.toString());
        }
        return out;
    }

    /** Opens the Raft side (storage, recovery, bootstrap) and attaches its driver to the core. */
    private void startRaft(NodeIdentity id) {
        List<String> memberIds = config.members().stream().map(MemberSpec::id).toList();
        RaftRuntime.Settings s = new RaftRuntime.Settings(id.nodeId(), dataDir.path(), config.fsync(),
            Bootstrap.initialVoters(id.nodeId(), memberIds, !config.join().isEmpty(), config.bootstrapExpect().orElse(0)),
            config.electionTimeoutMs(), config.heartbeatIntervalMs(),
            config.snapshotEveryEntries(), REQUEST_TIMEOUT_MS);
        RaftDriver.Effects effects = new RaftDriver.Effects() {
            @Override
            public boolean enqueue(RaftEvent event) {
                return loop.offer(new NodeEvent.Raft(event));
            }

            @Override
            public boolean send(String nodeId, Envelope envelope) {
                PeerTransport t = transport;
                if (t == null) {
                    return false;
                }
                if (!t.isConnected(nodeId) && raftPeersDialed.add(nodeId)) {
                    dialRaftPeer(t, nodeId);
                }
                return t.send(nodeId, envelope);
            }

            @Override
            public boolean stopping() {
                return closing.get();
            }
        };
        try {
            raft = RaftRuntime.open(s, effects, this::nodeClockMs);
        } catch (java.io.IOException | RuntimeException e) {
            throw new NodeStartException("cannot open the node's storage under " + dataDir.path() + ": " + rootMessage(e), 1, e);
        }
        core.attachRaft(raft.driver());
        bridge.attachSnapshots(raft.snapshots());
    }

    /** The node clock: monotonic milliseconds since this node started; the one time source its cores are given. */
    private long nodeClockMs() {
        return (System.nanoTime() - originNanos) / 1_000_000L;
    }

    /**
     * Keeps a transport connection to a Raft peer the membership knows (gossip may not hold a TCP connection
     * to every member); node loop thread.
     */
    private void dialRaftPeer(PeerTransport t, String nodeId) {
        long nowMs = nodeClockMs();
        for (io.tally.server.core.MemberView m : core.members(nowMs)) {
            if (m.info().id().equals(nodeId) && !m.self()) {
                t.addPeer(nodeId, new InetSocketAddress(m.info().peer().host(), m.info().peer().port()));
                return;
            }
        }
        raftPeersDialed.remove(nodeId); // not known yet: try again on a later send
    }

    /**
     * Whether this node founds its cluster (generates the cluster id): it joins no one, does not discover, and is either
     * alone in the config or the first member listed there.
     */
    static boolean founds(NodeConfig config) {
        return config.join().isEmpty() && !config.discover()
            && (config.members().isEmpty() || config.nodeId().equals(Optional.of(config.members().get(0).id())));
    }

    /** On the node loop thread: persist the learned cluster id, then tell the transport. */
    private NodeIdentity adoptClusterId(String clusterId) {
        NodeIdentity id = dataDir.adoptClusterId(clusterId);
        transport.setClusterId(id.clusterId());
        return id;
    }

    private static InetSocketAddress bindAddress(HostPort hp, String flag) {
        InetSocketAddress a = new InetSocketAddress(hp.host(), hp.port());
        if (a.isUnresolved()) {
            throw new NodeStartException(flag + ": cannot resolve host '" + hp.host() + "'", 2, null);
        }
        return a;
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null) {
            t = t.getCause();
        }
        String m = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
        return m.toLowerCase(java.util.Locale.ROOT).contains("in use") ? "address already in use" : m;
    }

    private boolean offer(NodeEvent e) {
        return loop.offer(e);
    }

    private void fatal(Throwable t) {
        exitCode = 70;
        Thread stopper = new Thread(this::close, "node-fatal-stop");
        stopper.start();
    }

    /** Announces {@code left} by gossip and waits (bounded) until it went out; the ticker still runs. */
    private void leave() {
        if (transport == null || !loop.isAlive()) {
            return;
        }
        CompletableFuture<Void> done = new CompletableFuture<>();
        if (!loop.offer(new NodeEvent.Gossip(new GossipEvent.Leave(done)))) {
            LOG.warn("node queue refused the leave; members will find this node dead instead of left");
            return;
        }
        try {
            done.get(leaveTimeoutMs + 1_000, TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.TimeoutException | java.util.concurrent.ExecutionException e) {
            LOG.warn("leave announcement not confirmed within {} ms; closing anyway", leaveTimeoutMs + 1_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The node's identity from its data dir. */
    public NodeIdentity identity() {
        return dataDir.identity();
    }

    /** The effective configuration (node id filled in from the data dir). */
    public NodeConfig config() {
        return config;
    }

    /** The bound HTTP address. */
    public InetSocketAddress httpAddress() {
        return http.localAddress();
    }

    /** Waits until the node has stopped (after {@link #close()} or a fatal error). */
    public void awaitStopped() throws InterruptedException {
        stopped.await();
    }

    /** 0 after a clean stop, 70 after an internal invariant violation. */
    public int exitCode() {
        return exitCode;
    }

    /** Stops the node cleanly; idempotent, any thread; returns when it has stopped. */
    @Override
    public void close() {
        if (!closing.compareAndSet(false, true)) {
            try {
                stopped.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return;
        }
        LOG.info("node {} stopping", dataDir.identity().nodeId());
        try {
            HttpApiServer h = http;
            if (h != null) {
                h.stopAccepting();
            }
            leave();
            ticker.shutdownNow();
            try {
                if (!loop.stop(DRAIN_TIMEOUT_MS)) {
                    LOG.warn("node queue did not drain within {} ms", DRAIN_TIMEOUT_MS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            io.tally.server.files.FileService fs = files;
            if (fs != null) {
                fs.close();
            }
            knownMembers.close();
            DiscoveryService d = discovery;
            if (d != null) {
                d.close();
            }
            PeerTransport t = transport;
            if (t != null) {
                t.close();
            }
            RaftRuntime r = raft;
            if (r != null) {
                try {
                    r.close();
                } catch (java.io.IOException e) {
                    LOG.warn("closing the node's storage failed: {}", e.toString());
                }
            }
            if (h != null) {
                h.close();
            }
            gcMetrics.close();
            registry.close();
        } finally {
            dataDir.close();
            LOG.info("node {} stopped", dataDir.identity().nodeId());
            stopped.countDown();
        }
    }
}
