package io.tally.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.tally.server.core.ApiReply;
import io.tally.server.files.FileApi;
import io.tally.storage.chunk.ChunkStore;
import io.tally.store.command.Bytes;
import io.tally.store.command.ChunkRef;
import io.tally.store.command.FileManifest;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * The streaming file handler on an EmbeddedChannel with an in-memory {@link FileApi}: uploads split at every piece
 * size commit exactly the body, the connection stops reading while chunks are in flight, downloads honour Range,
 * bad input gets the error JSON, and other routes pass through untouched.
 */
class FileHttpHandlerTest {
    private static final int CHUNK = 16;

    /** Chunks and files in memory; every future completes at once. */
    static class FakeFiles implements FileApi {
        final Map<String, byte[]> chunks = new TreeMap<>();
        final Map<String, FileManifest> files = new TreeMap<>();
        int uploads;

        @Override
        public CompletableFuture<ChunkRef> storeChunk(byte[] data) {
            String id = ChunkStore.idOf(data);
            chunks.put(id, data);
            ChunkRef ref = new ChunkRef(Bytes.wrap(HexFormat.of().parseHex(id)), data.length);
            return CompletableFuture.completedFuture(ref);
        }

        @Override
        public CompletableFuture<byte[]> readChunk(String chunkHex) {
            byte[] b = chunks.get(chunkHex);
            return b == null ? CompletableFuture.failedFuture(new Unavailable("no chunk " + chunkHex)) : CompletableFuture.completedFuture(b);
        }

        @Override
        public CompletableFuture<List<String>> missing(List<String> chunkHexes) {
            return CompletableFuture.completedFuture(chunkHexes.stream().filter(h -> !chunks.containsKey(h)).toList());
        }

        @Override
        public CompletableFuture<ApiReply> commit(String keyspace, FileManifest manifest) {
            files.put(manifest.name(), manifest);
            return CompletableFuture.completedFuture(ApiReply.json(200, Map.of("name", manifest.name(), "size", manifest.sizeBytes())));
        }

        @Override
        public CompletableFuture<Lookup> lookup(String keyspace, String name, boolean serializable) {
            FileManifest m = files.get(name);
            return CompletableFuture.completedFuture(m == null
                ? new Lookup.Answer(ApiReply.error(404, "not_found", "no file " + name)) : new Lookup.Found(m, 1));
        }

        @Override
        public CompletableFuture<ApiReply> delete(String keyspace, String name) {
            return CompletableFuture.completedFuture(files.remove(name) == null ? ApiReply.error(404, "not_found", name) : ApiReply.json(200, Map.of()));
        }

        @Override
        public CompletableFuture<ApiReply> list(String keyspace, String prefix, String after, int limit, boolean serializable) {
            return CompletableFuture.completedFuture(ApiReply.json(200, Map.of("files", List.copyOf(files.keySet()))));
        }

        @Override
        public boolean tryStartUpload() {
            uploads++;
            return true;
        }

        @Override
        public void endUpload() {
            uploads--;
        }
    }

    private static EmbeddedChannel channel(FileApi api) {
        return new EmbeddedChannel(new FileHttpHandler(api, null, CHUNK));
    }

    private static byte[] random(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    private static HttpRequest request(HttpMethod m, String uri, String... headers) {
        HttpRequest r = new DefaultHttpRequest(HttpVersion.HTTP_1_1, m, uri);
        for (int i = 0; i < headers.length; i += 2) {
            r.headers().set(headers[i], headers[i + 1]);
        }
        return r;
    }

    /** Sends {@code body} in pieces of {@code pieceBytes}. */
    private static void send(EmbeddedChannel ch, HttpRequest req, byte[] body, int pieceBytes) {
        HttpUtil.setContentLength(req, body.length);
        ch.writeInbound(req);
        for (int off = 0; off < body.length; off += pieceBytes) {
            int n = Math.min(pieceBytes, body.length - off);
            ch.writeInbound(new DefaultHttpContent(Unpooled.wrappedBuffer(body, off, n)));
            ch.runPendingTasks();
        }
        ch.writeInbound(LastHttpContent.EMPTY_LAST_CONTENT);
        ch.runPendingTasks();
    }

    private static FullHttpResponse response(EmbeddedChannel ch) {
        ch.runPendingTasks();
        Object o = ch.readOutbound();
        assertThat(o).as("a response").isInstanceOf(FullHttpResponse.class);
        return (FullHttpResponse) o;
    }

    /** Reads a streamed response: head, then contents until the last. */
    private static byte[] streamed(EmbeddedChannel ch, HttpResponse[] head) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int guard = 0; guard < 10_000; guard++) {
            ch.runPendingTasks();
            Object o = ch.readOutbound();
            if (o == null) {
                continue;
            }
            if (o instanceof HttpResponse r) {
                head[0] = r;
            }
            if (o instanceof HttpContent c) {
                ByteBuf b = c.content();
                byte[] bytes = new byte[b.readableBytes()];
                b.readBytes(bytes);
                out.writeBytes(bytes);
                c.release();
                if (c instanceof LastHttpContent) {
                    return out.toByteArray();
                }
            }
        }
        throw new AssertionError("the response never ended");
    }

    @Test
    void anUploadSplitAtEveryPieceSizeCommitsExactlyTheBody() throws Exception {
        byte[] body = random(CHUNK * 5 + 3, 1);
        for (int piece = 1; piece <= body.length + 1; piece++) {
            FakeFiles api = new FakeFiles();
            EmbeddedChannel ch = channel(api);
            send(ch, request(HttpMethod.PUT, "/v1/files/dir/a.bin", "Content-Type", "image/png"), body, piece);
            assertThat(response(ch).status().code()).as("piece %d", piece).isEqualTo(200);
            FileManifest m = api.files.get("dir/a.bin");
            assertThat(m.sizeBytes()).isEqualTo(body.length);
            assertThat(m.contentType()).isEqualTo("image/png");
            assertThat(m.sha256().array()).isEqualTo(MessageDigest.getInstance("SHA-256").digest(body));
            ByteArrayOutputStream joined = new ByteArrayOutputStream();
            for (ChunkRef c : m.chunks()) {
                joined.writeBytes(api.chunks.get(c.hex()));
            }
            assertThat(joined.toByteArray()).isEqualTo(body);
            assertThat(api.uploads).isZero();
        }
    }

    @Test
    void theConnectionStopsReadingWhileTheMaximumOfChunksIsInFlight() {
        FakeFiles api = new FakeFiles();
        List<CompletableFuture<ChunkRef>> pending = new ArrayList<>();
        FileApi slow = new FakeFiles() {
            @Override
            public CompletableFuture<ChunkRef> storeChunk(byte[] data) {
                CompletableFuture<ChunkRef> f = new CompletableFuture<>();
                api.storeChunk(data).thenAccept(r -> pending.add(f));
                CompletableFuture<ChunkRef> out = f.thenCompose(x -> api.storeChunk(data));
                return out;
            }

            @Override
            public CompletableFuture<ApiReply> commit(String keyspace, FileManifest manifest) {
                return api.commit(keyspace, manifest);
            }
        };
        EmbeddedChannel ch = channel(slow);
        byte[] body = random(CHUNK * (FileApi.CHUNKS_IN_FLIGHT_PER_UPLOAD + 2), 2);
        HttpRequest req = request(HttpMethod.PUT, "/v1/files/f");
        HttpUtil.setContentLength(req, body.length);
        ch.writeInbound(req);
        ch.writeInbound(new DefaultHttpContent(Unpooled.wrappedBuffer(body, 0, CHUNK * FileApi.CHUNKS_IN_FLIGHT_PER_UPLOAD)));
        assertThat(pending).hasSize(FileApi.CHUNKS_IN_FLIGHT_PER_UPLOAD);
        assertThat(ch.config().isAutoRead()).isFalse();
        pending.get(0).complete(null);
        ch.runPendingTasks();
        assertThat(ch.config().isAutoRead()).isTrue();
        ch.writeInbound(new DefaultHttpContent(Unpooled.wrappedBuffer(body, CHUNK * FileApi.CHUNKS_IN_FLIGHT_PER_UPLOAD, CHUNK)));
        ch.runPendingTasks();
        assertThat(ch.config().isAutoRead()).isFalse();
        // The end of the body arrives while reading is off (it was in the same socket read).
        ch.writeInbound(new DefaultLastHttpContent(Unpooled.wrappedBuffer(body, CHUNK * (FileApi.CHUNKS_IN_FLIGHT_PER_UPLOAD + 1), CHUNK)));
        ch.runPendingTasks();
        assertThat(ch.readOutbound() == null).as("no answer before every chunk is stored").isTrue();
        for (int i = 1; i < pending.size(); i++) {
            pending.get(i).complete(null);
        }
        assertThat(response(ch).status().code()).isEqualTo(200);
        assertThat(api.files.get("f").sizeBytes()).isEqualTo(body.length);
        assertThat(ch.config().isAutoRead()).as("the keep-alive connection reads the next request").isTrue();
    }

    private static FakeFiles withFile(String name, byte[] body) {
        FakeFiles api = new FakeFiles();
        EmbeddedChannel ch = channel(api);
        send(ch, request(HttpMethod.PUT, "/v1/files/" + name), body, 7);
        assertThat(response(ch).status().code()).isEqualTo(200);
        return api;
    }

    @Test
    void aDownloadStreamsTheWholeFileAndRangesAcrossChunkBoundaries() {
        byte[] body = random(CHUNK * 4 + 5, 3);
        FakeFiles api = withFile("x", body);
        HttpResponse[] head = new HttpResponse[1];
        EmbeddedChannel ch = channel(api);
        ch.writeInbound(request(HttpMethod.GET, "/v1/files/x"));
        ch.writeInbound(LastHttpContent.EMPTY_LAST_CONTENT);
        assertThat(streamed(ch, head)).isEqualTo(body);
        assertThat(head[0].status().code()).isEqualTo(200);
        assertThat(head[0].headers().get(HttpHeaderNames.CONTENT_LENGTH)).isEqualTo(Integer.toString(body.length));
        assertThat(head[0].headers().get(HttpHeaderNames.ETAG)).isEqualTo("\"" + HexFormat.of().formatHex(api.files.get("x").sha256().array()) + "\"");

        String[][] cases = {{"bytes=5-40", "5", "40"}, {"bytes=-10", String.valueOf(body.length - 10), String.valueOf(body.length - 1)},
            {"bytes=16-31", "16", "31"}, {"bytes=60-", "60", String.valueOf(body.length - 1)}, {"bytes=0-0", "0", "0"}};
        for (String[] c : cases) {
            ch = channel(api);
            ch.writeInbound(request(HttpMethod.GET, "/v1/files/x", "Range", c[0]));
            ch.writeInbound(LastHttpContent.EMPTY_LAST_CONTENT);
            int first = Integer.parseInt(c[1]);
            int last = Integer.parseInt(c[2]);
            assertThat(streamed(ch, head)).as(c[0]).isEqualTo(java.util.Arrays.copyOfRange(body, first, last + 1));
            assertThat(head[0].status().code()).isEqualTo(206);
            assertThat(head[0].headers().get(HttpHeaderNames.CONTENT_RANGE)).isEqualTo("bytes " + first + "-" + last + "/" + body.length);
        }
    }

    @Test
    void anUnsatisfiableRangeIs416WithTheSizeAndHeadGivesHeadersOnly() {
        byte[] body = random(40, 4);
        FakeFiles api = withFile("y", body);
        EmbeddedChannel ch = channel(api);
        ch.writeInbound(request(HttpMethod.GET, "/v1/files/y", "Range", "bytes=40-"));
        ch.writeInbound(LastHttpContent.EMPTY_LAST_CONTENT);
        FullHttpResponse r = response(ch);
        assertThat(r.status().code()).isEqualTo(416);
        assertThat(r.headers().get(HttpHeaderNames.CONTENT_RANGE)).isEqualTo("bytes */40");
        assertThat(r.content().toString(StandardCharsets.UTF_8)).contains("\"code\":\"range_not_satisfiable\"");

        ch = channel(api);
        ch.writeInbound(request(HttpMethod.HEAD, "/v1/files/y"));
        ch.writeInbound(LastHttpContent.EMPTY_LAST_CONTENT);
        HttpResponse[] head = new HttpResponse[1];
        assertThat(streamed(ch, head)).isEmpty();
        assertThat(head[0].headers().get(HttpHeaderNames.CONTENT_LENGTH)).isEqualTo("40");
    }

    @Test
    void aChunkWhoseBytesDoNotHashToItsNameIs400AndAGoodOneIsStored() {
        FakeFiles api = new FakeFiles();
        byte[] data = random(30, 5);
        EmbeddedChannel ch = channel(api);
        send(ch, request(HttpMethod.PUT, "/v1/chunks/" + "ab".repeat(32)), data, 9);
        FullHttpResponse r = response(ch);
        assertThat(r.status().code()).isEqualTo(400);
        assertThat(r.content().toString(StandardCharsets.UTF_8)).contains("checksum_mismatch");
        assertThat(api.chunks).isEmpty();

        ch = channel(api);
        send(ch, request(HttpMethod.PUT, "/v1/chunks/" + ChunkStore.idOf(data)), data, 9);
        assertThat(response(ch).status().code()).isEqualTo(200);
        assertThat(api.chunks).containsKey(ChunkStore.idOf(data));
    }

    @Test
    void aManifestNamingAMissingChunkIs409AndOneWithStoredChunksCommits() {
        FakeFiles api = new FakeFiles();
        byte[] data = random(30, 6);
        api.storeChunk(data);
        String stored = ChunkStore.idOf(data);
        String sha = HexFormat.of().formatHex(new byte[32]);
        String missing = "{\"size\":60,\"sha256\":\"" + sha + "\",\"chunks\":[{\"sha256\":\"" + stored + "\",\"size\":30},{\"sha256\":\"" + "cd".repeat(32) + "\",\"size\":30}]}";
        EmbeddedChannel ch = channel(api);
        send(ch, request(HttpMethod.PUT, "/v1/files/m", "Content-Type", "application/vnd.tally.manifest+json"), missing.getBytes(StandardCharsets.UTF_8), 11);
        FullHttpResponse r = response(ch);
        assertThat(r.status().code()).isEqualTo(409);
        assertThat(r.content().toString(StandardCharsets.UTF_8)).contains("chunks_missing").contains("cd".repeat(32));
        assertThat(api.files).isEmpty();

        String ok = "{\"size\":30,\"sha256\":\"" + sha + "\",\"chunks\":[{\"sha256\":\"" + stored + "\",\"size\":30}]}";
        ch = channel(api);
        send(ch, request(HttpMethod.PUT, "/v1/files/m", "Content-Type", "application/vnd.tally.manifest+json"), ok.getBytes(StandardCharsets.UTF_8), 5);
        assertThat(response(ch).status().code()).isEqualTo(200);
        assertThat(api.files.get("m").chunks()).hasSize(1);

        ch = channel(api);
        send(ch, request(HttpMethod.PUT, "/v1/files/m", "Content-Type", "application/vnd.tally.manifest+json"), "{\"size\":1}".getBytes(StandardCharsets.UTF_8), 5);
        assertThat(response(ch).status().code()).isEqualTo(400);
    }

    @Test
    void badInputGetsTheErrorJsonWithTheRightStatus() {
        FakeFiles api = new FakeFiles();
        EmbeddedChannel ch = channel(api);
        HttpRequest big = request(HttpMethod.PUT, "/v1/files/huge");
        HttpUtil.setContentLength(big, FileApi.FILE_BYTES_MAX + 1);
        ch.writeInbound(big);
        FullHttpResponse r = response(ch);
        assertThat(r.status().code()).isEqualTo(413);
        assertThat(r.content().toString(StandardCharsets.UTF_8)).contains("\"error\"").contains("too_large");
        assertThat(ch.isActive()).as("the rest of a refused body is not read: the connection closes").isFalse();

        Object[][] cases = {
            {HttpMethod.GET, "/v1/files/nope", 404},
            {HttpMethod.POST, "/v1/files/a", 405},
            {HttpMethod.PUT, "/v1/files/", 400},
            {HttpMethod.GET, "/v1/files/" + "n".repeat(1100), 400},
            {HttpMethod.PUT, "/v1/chunks/XYZ", 400},
            {HttpMethod.GET, "/v1/chunks/" + "ab".repeat(32), 405},
            {HttpMethod.GET, "/v1/files?limit=0", 400},
            {HttpMethod.GET, "/v1/files/a?consistency=eventual", 400},
            {HttpMethod.DELETE, "/v1/files/nope", 404},
            {HttpMethod.GET, "/v1/files", 200},
        };
        for (Object[] c : cases) {
            ch = channel(api);
            ch.writeInbound(request((HttpMethod) c[0], (String) c[1]));
            ch.writeInbound(LastHttpContent.EMPTY_LAST_CONTENT);
            r = response(ch);
            assertThat(r.status().code()).as("%s %s", c[0], c[1]).isEqualTo(c[2]);
            assertThat(r.headers().get(HttpHeaderNames.CONTENT_TYPE)).startsWith("application/json");
        }
    }

    @Test
    void otherRoutesAndTheirBodiesPassThroughUntouched() {
        EmbeddedChannel ch = channel(new FakeFiles());
        HttpRequest req = request(HttpMethod.PUT, "/v1/kv/files");
        ch.writeInbound(req);
        ch.writeInbound(new DefaultHttpContent(Unpooled.copiedBuffer("ab", StandardCharsets.UTF_8)));
        ch.writeInbound(new DefaultLastHttpContent(Unpooled.copiedBuffer("c", StandardCharsets.UTF_8)));
        assertThat((Object) ch.readInbound()).isSameAs(req);
        HttpContent a = ch.readInbound();
        HttpContent b = ch.readInbound();
        assertThat(a.content().toString(StandardCharsets.UTF_8) + b.content().toString(StandardCharsets.UTF_8)).isEqualTo("abc");
        a.release();
        b.release();
        assertThat((Object) ch.readOutbound()).isNull();
        assertThat(FileHttpHandler.handles("/v1/filesx")).isFalse();
        assertThat(FileHttpHandler.handles("/v1/ks/k1/files/a")).isTrue();
        assertThat(FileHttpHandler.handles("/v1/ks/k1/kv/files")).isFalse();
        assertThat(Optional.of(FileHttpHandler.handles("/v1/chunks/missing"))).contains(true);
    }
}
