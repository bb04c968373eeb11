package io.tally.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.tally.server.core.ApiReply;
import io.tally.server.files.ByteRange;
import io.tally.server.files.Chunker;
import io.tally.server.files.FileApi;
import io.tally.server.files.ManifestJson;
import io.tally.storage.chunk.ChunkStore;
import io.tally.store.command.Bytes;
import io.tally.store.command.ChunkRef;
import io.tally.store.command.Command;
import io.tally.store.command.FileManifest;
import io.tally.store.command.Limits;
import io.tally.store.command.Result;
import io.tally.store.command.Validation;
import io.tally.store.state.Queries;
import io.tally.wire.files.FilesCodec;
import java.io.ByteArrayOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Streams the file routes; sits in the HTTP pipeline before the aggregator and takes over requests to
 * {@code /v1/files...}, {@code /v1/ks/{keyspace}/files...} and {@code /v1/chunks...}; every other request (and its
 * body) passes through unchanged. Routes (docs/files.md):
 * <pre>
 *   PUT    /v1/files/{name}          body streamed in, cut into {@link FileApi#CHUNK_BYTES} chunks, each stored and
 *                                    replicated to a majority (at most {@link FileApi#CHUNKS_IN_FLIGHT_PER_UPLOAD} at
 *                                    once: the connection stops reading meanwhile), then the manifest is committed.
 *                                    With Content-Type {@value ManifestJson#MEDIA_TYPE}: commit uploaded chunks.
 *   GET    /v1/files/{name}          streamed out chunk by chunk; Range (one range) gives 206, 416 when unsatisfiable
 *   HEAD   /v1/files/{name}          size, ETag ("sha256"), type
 *   DELETE /v1/files/{name}
 *   GET    /v1/files?prefix=&amp;limit=&amp;after=
 *   PUT    /v1/chunks/{sha256}       one chunk (must hash to its name), stored and replicated
 *   POST   /v1/chunks/missing        {"chunks":["hex",...]} -&gt; {"missing":[...]} (not on a majority)
 * </pre>
 * A file is never held whole in memory: an upload holds at most the chunks in flight, a download one chunk and the
 * next. One instance per connection; runs on that connection's Netty thread (futures hop back onto it).
 */
final class FileHttpHandler extends ChannelInboundHandlerAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(FileHttpHandler.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HexFormat HEX = HexFormat.of();
    /** Largest manifest body (a manifest of the most chunks a file may have). */
    static final int MANIFEST_BYTES_MAX = 8 << 20;
    /** Largest body of {@code POST /v1/chunks/missing}. */
    static final int MISSING_BYTES_MAX = 1 << 20;
    /** Most ids in one {@code POST /v1/chunks/missing}. */
    static final int MISSING_IDS_MAX = Limits.CHUNKS_PER_FILE_MAX;
    static final String FILE_ALLOW = "GET, HEAD, PUT, DELETE";

    private final FileApi api;
    private final HttpMetrics metrics;
    private final int chunkBytes;
    /** True while the current request belongs to the next handler. */
    private boolean passing;
    /** Consumer of the current owned request's body, or null. */
    private Body body;
    /** Whether an answer given before the body was read may keep the connection (keep-alive and no body). */
    private boolean earlyKeepAlive;

    /**
     * @param metrics where request counts and latencies go (null: none)
     */
    FileHttpHandler(FileApi api, HttpMetrics metrics) {
        this(api, metrics, FileApi.CHUNK_BYTES);
    }

    /** With another upload chunk size (tests cut small bodies into many chunks). */
    FileHttpHandler(FileApi api, HttpMetrics metrics, int chunkBytes) {
        this.api = api;
        this.metrics = metrics;
        this.chunkBytes = chunkBytes;
    }

    /** True if {@code path} (without query) is a file or chunk route. */
    public static boolean handles(String path) {
        return matches(path, "/v1/files") || matches(path, "/v1/chunks")
            || (path.startsWith("/v1/ks/") && path.indexOf('/', 7) > 7 && matches(path.substring(path.indexOf('/', 7)), "/files"));
    }

    private static boolean matches(String path, String prefix) {
        return path.equals(prefix) || path.startsWith(prefix + "/");
    }

    private interface Body {
        void content(ByteBuf piece);

        void end();

        /** The connection closed before the end. */
        default void abort() {
        }
    }

    private static final Body DISCARD = new Body() {
        @Override
        public void content(ByteBuf piece) {
        }

        @Override
        public void end() {
        }
    };

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof HttpRequest req) {
            String path = new QueryStringDecoder(req.uri()).path();
            if (req.decoderResult().isFailure() || !handles(path)) {
                passing = !(msg instanceof LastHttpContent);
                ctx.fireChannelRead(msg);
                return;
            }
            passing = false;
            try {
                body = start(ctx, req);
            } catch (RuntimeException e) {
                LOG.warn("file request {} {} failed: {}", req.method(), req.uri(), e.toString());
                answer(ctx, "files", req.method().name(), System.nanoTime(), false, false,
                    ApiReply.error(500, "internal", "internal error: " + e.getClass().getSimpleName()));
                body = DISCARD;
            }
            if (msg instanceof HttpContent c) {
                feed(c);
            }
            return;
        }
        if (msg instanceof HttpContent c && !passing) {
            feed(c);
            return;
        }
        if (msg instanceof LastHttpContent) {
            passing = false;
        }
        ctx.fireChannelRead(msg);
    }

    private void feed(HttpContent c) {
        try {
            Body b = body;
            if (b != null) {
                b.content(c.content());
                if (c instanceof LastHttpContent) {
                    body = null;
                    b.end();
                }
            }
        } finally {
            c.release();
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        Body b = body;
        body = null;
        if (b != null) {
            b.abort();
        }
        super.channelInactive(ctx);
    }

    // ------------------------------------------------------------------ routing

    private Body start(ChannelHandlerContext ctx, HttpRequest req) {
        long startNanos = System.nanoTime();
        String method = req.method().name();
        boolean keepAlive = HttpUtil.isKeepAlive(req);
        earlyKeepAlive = keepAlive && HttpUtil.getContentLength(req, 0L) == 0 && !HttpUtil.isTransferEncodingChunked(req);
        boolean head = method.equals("HEAD");
        QueryStringDecoder q = new QueryStringDecoder(req.uri());
        List<String> segs = new ArrayList<>();
        for (String s : q.rawPath().split("/", -1)) {
            segs.add(QueryStringDecoder.decodeComponent(s));
        }
        String keyspace = Queries.DEFAULT_KEYSPACE;
        int i = 2; // segs: "", "v1", ...
        if (segs.get(2).equals("ks")) {
            keyspace = segs.get(3);
            i = 4;
        }
        String kind = segs.get(i);
        List<String> rest = segs.subList(i + 1, segs.size());
        Map<String, List<String>> params = q.parameters();
        if (kind.equals("chunks")) {
            return chunks(ctx, req, method, rest, startNanos, keepAlive);
        }
        Boolean serializable = consistency(params);
        if (serializable == null) {
            return early(ctx, method, startNanos, head, ApiReply.error(400, "invalid_argument",
                "expected consistency=serializable or consistency=linearizable, got " + params.get("consistency")));
        }
        if (rest.isEmpty() || (rest.size() == 1 && rest.get(0).isEmpty() && !method.equals("PUT"))) {
            if (!method.equals("GET") && !head) {
                return early(ctx, method, startNanos, head, ApiReply.error(405, "method_not_allowed", method
                    + " is not allowed on the file listing; allowed: GET").withHeader("Allow", "GET"));
            }
            int limit;
            try {
                limit = limit(params);
            } catch (IllegalArgumentException e) {
                return early(ctx, method, startNanos, head, ApiReply.error(400, "invalid_argument", e.getMessage()));
            }
            String ks = keyspace;
            reply(ctx, "files", method, startNanos, keepAlive, head,
                api.list(ks, param(params, "prefix"), param(params, "after"), limit, serializable));
            return DISCARD;
        }
        String name = String.join("/", rest);
        Result.Error bad = Validation.check(new Command.FileGet(keyspace, name));
        if (bad != null) {
            return early(ctx, method, startNanos, head, ApiReply.error(bad.code().httpStatus(), bad.code().code(), bad.message()));
        }
        return switch (method) {
            case "GET", "HEAD" -> {
                download(ctx, req, keyspace, name, serializable, head, keepAlive, startNanos);
                yield DISCARD;
            }
            case "DELETE" -> {
                reply(ctx, "files", method, startNanos, keepAlive, false, api.delete(keyspace, name));
                yield DISCARD;
            }
            case "PUT" -> put(ctx, req, keyspace, name, startNanos, keepAlive);
            default -> early(ctx, method, startNanos, false, ApiReply.error(405, "method_not_allowed", method
                + " is not allowed on a file; allowed: " + FILE_ALLOW).withHeader("Allow", FILE_ALLOW));
        };
    }

    private static Boolean consistency(Map<String, List<String>> params) {
        String c = param(params, "consistency");
        return switch (c) {
            case "", "linearizable" -> false;
            case "serializable" -> true;
            default -> null;
        };
    }

    private static String param(Map<String, List<String>> params, String name) {
        List<String> v = params.get(name);
        return v == null || v.isEmpty() ? "" : v.get(0);
    }

    private static int limit(Map<String, List<String>> params) {
        String s = param(params, "limit");
        if (s.isEmpty()) {
            return 100;
        }
        try {
            int n = Integer.parseInt(s);
            if (n >= 1 && n <= Limits.LIST_LIMIT_MAX) {
                return n;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new IllegalArgumentException("expected limit to be an integer in 1.." + Limits.LIST_LIMIT_MAX + ", got '" + s + "'");
    }

    private Body chunks(ChannelHandlerContext ctx, HttpRequest req, String method, List<String> rest, long startNanos, boolean keepAlive) {
        if (rest.size() == 1 && rest.get(0).equals("missing")) {
            if (!method.equals("POST")) {
                return early(ctx, method, startNanos, false, ApiReply.error(405, "method_not_allowed", method
                    + " is not allowed on /v1/chunks/missing; allowed: POST").withHeader("Allow", "POST"));
            }
            return collect(ctx, req, MISSING_BYTES_MAX, startNanos, bytes -> missing(ctx, bytes, startNanos, keepAlive));
        }
        if (rest.size() != 1 || rest.get(0).isEmpty()) {
            return early(ctx, method, startNanos, false, ApiReply.error(404, "not_found",
                "no route " + method + " " + req.uri() + " (chunk routes: PUT /v1/chunks/{sha256}, POST /v1/chunks/missing)"));
        }
        String id = rest.get(0);
        if (!method.equals("PUT")) {
            return early(ctx, method, startNanos, false, ApiReply.error(405, "method_not_allowed", method
                + " is not allowed on a chunk; allowed: PUT").withHeader("Allow", "PUT"));
        }
        if (!FilesCodec.isChunkId(id)) {
            return early(ctx, method, startNanos, false, ApiReply.error(400, "invalid_argument",
                "expected the chunk name to be its SHA-256 as 64 lowercase hex chars, got '" + id + "'"));
        }
        return collect(ctx, req, FilesCodec.CHUNK_BYTES_MAX, startNanos, bytes -> {
            if (bytes.length == 0) {
                answer(ctx, "chunks", "PUT", startNanos, keepAlive, false, ApiReply.error(400, "invalid_argument", "expected a non-empty chunk"));
                return;
            }
            String actual = ChunkStore.idOf(bytes);
            if (!actual.equals(id)) {
                answer(ctx, "chunks", "PUT", startNanos, keepAlive, false, ApiReply.error(400, "checksum_mismatch",
                    "expected the body to hash to " + id + ", its SHA-256 is " + actual));
                return;
            }
            reply(ctx, "chunks", "PUT", startNanos, keepAlive, false, api.storeChunk(bytes).thenApply(ref -> {
                ObjectNode n = JSON.createObjectNode();
                n.put("sha256", ref.hex());
                n.put("size", ref.sizeBytes());
                return ApiReply.json(200, n);
            }));
        });
    }

    private void missing(ChannelHandlerContext ctx, byte[] bytes, long startNanos, boolean keepAlive) {
        List<String> ids = new ArrayList<>();
        try {
            JsonNode n = JSON.readTree(bytes);
            JsonNode arr = n == null ? null : n.get("chunks");
            if (arr == null || !arr.isArray()) {
                throw new IllegalArgumentException("expected {\"chunks\": [\"64 hex\", ...]}");
            }
            if (arr.size() > MISSING_IDS_MAX) {
                throw new IllegalArgumentException("expected at most " + MISSING_IDS_MAX + " chunk ids, got " + arr.size());
            }
            for (JsonNode e : arr) {
                if (!e.isTextual() || !FilesCodec.isChunkId(e.asText())) {
                    throw new IllegalArgumentException("expected every chunk id to be 64 lowercase hex chars, got " + e);
                }
                ids.add(e.asText());
            }
        } catch (java.io.IOException | IllegalArgumentException e) {
            String m = e instanceof com.fasterxml.jackson.core.JsonProcessingException j ? "malformed JSON: " + j.getOriginalMessage() : e.getMessage();
            answer(ctx, "chunks", "POST", startNanos, keepAlive, false, ApiReply.error(400, "invalid_argument", m));
            return;
        }
        reply(ctx, "chunks", "POST", startNanos, keepAlive, false, api.missing(ids).thenApply(miss -> {
            ObjectNode n = JSON.createObjectNode();
            miss.forEach(n.putArray("missing")::add);
            return ApiReply.json(200, n);
        }));
    }

    private Body put(ChannelHandlerContext ctx, HttpRequest req, String keyspace, String name, long startNanos, boolean keepAlive) {
        String type = req.headers().get(HttpHeaderNames.CONTENT_TYPE);
        if (type != null && type.toLowerCase(java.util.Locale.ROOT).startsWith(ManifestJson.MEDIA_TYPE)) {
            return collect(ctx, req, MANIFEST_BYTES_MAX, startNanos, bytes -> {
                FileManifest m;
                try {
                    m = ManifestJson.parse(name, bytes);
                } catch (ManifestJson.BadManifest e) {
                    answer(ctx, "files", "PUT", startNanos, keepAlive, false, ApiReply.error(400, "invalid_argument", e.getMessage()));
                    return;
                }
                Result.Error bad = Validation.check(new Command.FilePut(keyspace, m));
                if (bad != null) {
                    answer(ctx, "files", "PUT", startNanos, keepAlive, false, ApiReply.error(bad.code().httpStatus(), bad.code().code(), bad.message()));
                    return;
                }
                List<String> ids = m.chunks().stream().map(ChunkRef::hex).toList();
                reply(ctx, "files", "PUT", startNanos, keepAlive, false, api.missing(ids).thenCompose(miss -> miss.isEmpty()
                    ? api.commit(keyspace, m)
                    : CompletableFuture.completedFuture(ApiReply.error(409, "chunks_missing", miss.size() + " of the manifest's "
                        + ids.size() + " chunks are not stored on a majority of the voters; upload them with PUT /v1/chunks/{sha256} first: "
                        + String.join(", ", miss.subList(0, Math.min(5, miss.size()))) + (miss.size() > 5 ? ", ..." : "")))));
            });
        }
        long declared = HttpUtil.getContentLength(req, -1L);
        if (declared > FileApi.FILE_BYTES_MAX) {
            return early(ctx, "PUT", startNanos, false, tooLarge());
        }
        if (!api.tryStartUpload()) {
            return early(ctx, "PUT", startNanos, false, ApiReply.error(503, "overloaded", "this node runs "
                + FileApi.UPLOADS_MAX + " uploads already; retry shortly or use another node").withHeader("Retry-After", "1"));
        }
        continueIfExpected(ctx, req);
        return new Upload(ctx, keyspace, name, type == null || type.isBlank() ? "application/octet-stream" : type, keepAlive, startNanos);
    }

    private static ApiReply tooLarge() {
        return ApiReply.error(413, "too_large", "expected a file of at most " + FileApi.FILE_BYTES_MAX + " bytes");
    }

    // ------------------------------------------------------------------ upload

    /** The body of a streamed upload: chunks stored and replicated as they fill, then the manifest committed. */
    private final class Upload implements Body {
        private final ChannelHandlerContext ctx;
        private final String keyspace;
        private final String name;
        private final String contentType;
        private final boolean keepAlive;
        private final long startNanos;
        private final Chunker chunker;
        private final MessageDigest whole;
        private final List<CompletableFuture<ChunkRef>> refs = new ArrayList<>();
        private int inFlight;
        private long sizeBytes;
        private boolean ended;
        private boolean failed;
        private boolean slotReleased;

        Upload(ChannelHandlerContext ctx, String keyspace, String name, String contentType, boolean keepAlive, long startNanos) {
            this.ctx = ctx;
            this.keyspace = keyspace;
            this.name = name;
            this.contentType = contentType;
            this.keepAlive = keepAlive;
            this.startNanos = startNanos;
            this.chunker = new Chunker(chunkBytes, this::submit);
            this.whole = sha256();
        }

        @Override
        public void content(ByteBuf piece) {
            if (failed) {
                return;
            }
            sizeBytes += piece.readableBytes();
            if (sizeBytes > FileApi.FILE_BYTES_MAX) {
                fail(tooLarge());
                return;
            }
            whole.update(piece.nioBuffer());
            chunker.add(piece);
        }

        private void submit(byte[] chunk) {
            if (refs.size() >= Limits.CHUNKS_PER_FILE_MAX) {
                fail(tooLarge());
                return;
            }
            inFlight++;
            CompletableFuture<ChunkRef> f = api.storeChunk(chunk);
            refs.add(f);
            if (inFlight >= FileApi.CHUNKS_IN_FLIGHT_PER_UPLOAD) {
                ctx.channel().config().setAutoRead(false);
            }
            f.whenComplete((r, e) -> ctx.executor().execute(() -> chunkDone(e)));
        }

        private void chunkDone(Throwable e) {
            inFlight--;
            if (failed) {
                return;
            }
            if (e != null) {
                fail(errorReply(e, "storing a chunk of " + name));
                return;
            }
            if (inFlight < FileApi.CHUNKS_IN_FLIGHT_PER_UPLOAD) {
                resumeReading(ctx); // also after the end: the connection may carry the next request
            }
            if (ended && inFlight == 0) {
                commit();
            }
        }

        @Override
        public void end() {
            if (failed) {
                return;
            }
            chunker.finish();
            ended = true;
            if (!failed && inFlight == 0) {
                commit();
            }
        }

        private void commit() {
            List<ChunkRef> chunks = new ArrayList<>(refs.size());
            for (CompletableFuture<ChunkRef> f : refs) {
                chunks.add(f.join()); // all done: inFlight is 0 and none failed
            }
            FileManifest m = new FileManifest(name, sizeBytes, contentType, Bytes.wrap(whole.digest()), chunks);
            Result.Error bad = Validation.check(new Command.FilePut(keyspace, m));
            if (bad != null) {
                fail(ApiReply.error(bad.code().httpStatus(), bad.code().code(), bad.message()));
                return;
            }
            api.commit(keyspace, m).whenComplete((reply, e) -> ctx.executor().execute(() -> {
                releaseSlot();
                answer(ctx, "files", "PUT", startNanos, keepAlive, false, reply != null ? reply : errorReply(e, "committing " + name));
            }));
        }

        private void fail(ApiReply reply) {
            failed = true;
            releaseSlot();
            resumeReading(ctx);
            answer(ctx, "files", "PUT", startNanos, false, false, reply);
        }

        @Override
        public void abort() {
            failed = true;
            releaseSlot();
        }

        private void releaseSlot() {
            if (!slotReleased) {
                slotReleased = true;
                api.endUpload();
            }
        }
    }

    // ------------------------------------------------------------------ download

    private void download(ChannelHandlerContext ctx, HttpRequest req, String keyspace, String name, boolean serializable,
            boolean head, boolean keepAlive, long startNanos) {
        String method = head ? "HEAD" : "GET";
        String range = req.headers().get(HttpHeaderNames.RANGE);
        api.lookup(keyspace, name, serializable).whenComplete((l, e) -> ctx.executor().execute(() -> {
            if (e != null) {
                answer(ctx, "files", method, startNanos, keepAlive, head, errorReply(e, "reading " + name));
                return;
            }
            switch (l) {
                case FileApi.Lookup.Answer a -> answer(ctx, "files", method, startNanos, keepAlive, head, a.reply());
                case FileApi.Lookup.Found f -> stream(ctx, f, range, head, keepAlive, startNanos);
            }
        }));
    }

    private void stream(ChannelHandlerContext ctx, FileApi.Lookup.Found f, String rangeHeader, boolean head, boolean keepAlive,
            long startNanos) {
        FileManifest m = f.manifest();
        long size = m.sizeBytes();
        String etag = "\"" + HEX.formatHex(m.sha256().array()) + "\"";
        ByteRange range = ByteRange.parse(rangeHeader, size);
        long first;
        long last;
        HttpResponseStatus status;
        switch (range) {
            case ByteRange.Unsatisfiable u -> {
                answer(ctx, "files", head ? "HEAD" : "GET", startNanos, keepAlive, head, ApiReply.error(416, "range_not_satisfiable",
                    "expected a range within the file's " + size + " bytes, got '" + rangeHeader + "'")
                    .withHeader("Content-Range", "bytes */" + size));
                return;
            }
            case ByteRange.Part p -> {
                first = p.first();
                last = p.last();
                status = HttpResponseStatus.PARTIAL_CONTENT;
            }
            case ByteRange.Full full -> {
                first = 0;
                last = size - 1;
                status = HttpResponseStatus.OK;
            }
        }
        HttpResponse res = new DefaultHttpResponse(HttpVersion.HTTP_1_1, status);
        res.headers().set(HttpHeaderNames.CONTENT_TYPE, m.contentType().isEmpty() ? "application/octet-stream" : m.contentType());
        HttpUtil.setContentLength(res, last - first + 1);
        res.headers().set(HttpHeaderNames.ACCEPT_RANGES, "bytes");
        res.headers().set(HttpHeaderNames.ETAG, etag);
        res.headers().set("Tally-File-Version", Long.toString(f.version()));
        if (status == HttpResponseStatus.PARTIAL_CONTENT) {
            res.headers().set(HttpHeaderNames.CONTENT_RANGE, "bytes " + first + "-" + last + "/" + size);
        }
        res.headers().set(HttpHeaderNames.CONNECTION, keepAlive ? HttpHeaderValues.KEEP_ALIVE : HttpHeaderValues.CLOSE);
        record(head ? "HEAD" : "GET", status.code(), startNanos);
        ctx.write(res);
        if (head || size == 0) {
            end(ctx, keepAlive);
            return;
        }
        new Streamer(ctx, m.chunks(), first, last, keepAlive).start();
    }

    private static void end(ChannelHandlerContext ctx, boolean keepAlive) {
        var done = ctx.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT);
        if (!keepAlive) {
            done.addListener(ChannelFutureListener.CLOSE);
        }
    }

    /** Writes the chunks overlapping bytes {@code first..last}, one at a time, reading the next while one is written. */
    private final class Streamer {
        private final ChannelHandlerContext ctx;
        private final List<ChunkRef> chunks;
        private final long first;
        private final long last;
        private final boolean keepAlive;
        private final long[] offsets;
        private int index;
        private CompletableFuture<byte[]> ahead;

        Streamer(ChannelHandlerContext ctx, List<ChunkRef> chunks, long first, long last, boolean keepAlive) {
            this.ctx = ctx;
            this.chunks = chunks;
            this.first = first;
            this.last = last;
            this.keepAlive = keepAlive;
            this.offsets = new long[chunks.size() + 1];
            for (int i = 0; i < chunks.size(); i++) {
                offsets[i + 1] = offsets[i] + chunks.get(i).sizeBytes();
            }
        }

        void start() {
            index = 0;
            while (index < chunks.size() && offsets[index + 1] <= first) {
                index++;
            }
            ahead = read(index);
            next();
        }

        private CompletableFuture<byte[]> read(int i) {
            return i < chunks.size() && offsets[i] <= last ? api.readChunk(chunks.get(i).hex()) : null;
        }

        private void next() {
            CompletableFuture<byte[]> current = ahead;
            if (current == null) {
                end(ctx, keepAlive);
                return;
            }
            int i = index;
            current.whenComplete((data, e) -> ctx.executor().execute(() -> {
                if (e != null || data.length != chunks.get(i).sizeBytes()) {
                    LOG.warn("cannot serve chunk {} of a file: {}; closing the connection", chunks.get(i).hex(),
                        e != null ? e.toString() : "size " + data.length + " instead of " + chunks.get(i).sizeBytes());
                    ctx.close();
                    return;
                }
                index = i + 1;
                ahead = read(index);
                int from = (int) Math.max(0, first - offsets[i]);
                int to = (int) Math.min(data.length, last + 1 - offsets[i]);
                ctx.writeAndFlush(new DefaultHttpContent(Unpooled.wrappedBuffer(data, from, to - from))).addListener(w -> {
                    if (w.isSuccess()) {
                        next();
                    } else {
                        ctx.close();
                    }
                });
            }));
        }
    }

    // ------------------------------------------------------------------ helpers

    /** A small body collected whole (bounded), then handed to {@code done}; over the bound: 413 and close. */
    private Body collect(ChannelHandlerContext ctx, HttpRequest req, int bytesMax, long startNanos, Consumer<byte[]> done) {
        if (HttpUtil.getContentLength(req, -1L) > bytesMax) {
            return early(ctx, req.method().name(), startNanos, false, ApiReply.error(413, "too_large",
                "expected a request body of at most " + bytesMax + " bytes"));
        }
        continueIfExpected(ctx, req);
        return new Body() {
            private final ByteArrayOutputStream buf = new ByteArrayOutputStream();
            private boolean over;

            @Override
            public void content(ByteBuf piece) {
                if (over) {
                    return;
                }
                if (buf.size() + piece.readableBytes() > bytesMax) {
                    over = true;
                    answer(ctx, req.method().name(), req.method().name(), startNanos, false, false, ApiReply.error(413, "too_large",
                        "expected a request body of at most " + bytesMax + " bytes"));
                    return;
                }
                byte[] b = new byte[piece.readableBytes()];
                piece.readBytes(b);
                buf.writeBytes(b);
            }

            @Override
            public void end() {
                if (!over) {
                    done.accept(buf.toByteArray());
                }
            }
        };
    }

    /** Turns reading back on after backpressure stopped it. */
    private static void resumeReading(ChannelHandlerContext ctx) {
        if (!ctx.channel().config().isAutoRead()) {
            ctx.channel().config().setAutoRead(true);
            ctx.read();
        }
    }

    private static void continueIfExpected(ChannelHandlerContext ctx, HttpRequest req) {
        if (HttpUtil.is100ContinueExpected(req)) {
            ctx.writeAndFlush(new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.CONTINUE, Unpooled.EMPTY_BUFFER));
        }
    }

    /**
     * Answers before the body was read: the connection closes after the reply (the rest of the body is dropped)
     * unless the request has no body.
     */
    private Body early(ChannelHandlerContext ctx, String method, long startNanos, boolean head, ApiReply reply) {
        answer(ctx, "files", method, startNanos, earlyKeepAlive, head, reply);
        return DISCARD;
    }

    private void reply(ChannelHandlerContext ctx, String route, String method, long startNanos, boolean keepAlive, boolean head,
            CompletableFuture<ApiReply> future) {
        future.whenComplete((r, e) -> ctx.executor().execute(() ->
            answer(ctx, route, method, startNanos, keepAlive, head, r != null ? r : errorReply(e, route))));
    }

    private void answer(ChannelHandlerContext ctx, String route, String method, long startNanos, boolean keepAlive, boolean head,
            ApiReply reply) {
        if (!ctx.channel().isActive()) {
            return;
        }
        Responses.write(ctx, reply, keepAlive, head);
        record(method, reply.status(), startNanos);
    }

    private void record(String method, int status, long startNanos) {
        if (metrics != null) {
            metrics.record("files", method, status, System.nanoTime() - startNanos);
        }
    }

    static ApiReply errorReply(Throwable error, String what) {
        Throwable cause = error;
        while (cause instanceof CompletionException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        if (cause instanceof FileApi.Unavailable u) {
            return ApiReply.error(503, "unavailable", u.getMessage()).withHeader("Retry-After", "1");
        }
        if (cause instanceof TimeoutException) {
            return ApiReply.error(503, "timeout", "the node did not answer in time while " + what).withHeader("Retry-After", "1");
        }
        LOG.warn("{} failed: {}", what, cause.toString());
        return ApiReply.error(500, "internal", "internal error while " + what + ": " + cause.getClass().getSimpleName());
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.fireExceptionCaught(cause);
    }
}
