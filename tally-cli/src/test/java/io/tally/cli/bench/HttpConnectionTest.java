package io.tally.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.handler.codec.http.HttpMethod;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class HttpConnectionTest {
    private static EventLoopGroup group;

    @BeforeAll
    static void start() {
        group = new NioEventLoopGroup(1);
    }

    @AfterAll
    static void stop() {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    private static HttpConnection.Reply get(HttpConnection c, String path) throws Exception {
        return c.send(HttpMethod.GET, path, null).get(30, TimeUnit.SECONDS);
    }

    private static Throwable failure(CompletableFuture<?> f) {
        try {
            f.get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (Exception e) {
            throw new AssertionError("expected the request to fail, got " + e, e);
        }
        throw new AssertionError("expected the request to fail");
    }

    @Test
    void sequentialRequestsShareOneKeepAliveConnection() throws Exception {
        try (FakeHttpServer s = new FakeHttpServer(r -> FakeHttpServer.answer(200, "{\"n\":" + r.uri().length() + "}"));
             HttpConnection c = new HttpConnection(group, List.of(s.endpoint()), 0, 10_000)) {
            for (int i = 0; i < 5; i++) {
                HttpConnection.Reply r = get(c, "/v1/counters/k" + i);
                assertThat(r.status()).isEqualTo(200);
                assertThat(r.text()).isEqualTo("{\"n\":15}");
                assertThat(r.endpoint()).isEqualTo(s.endpoint());
            }
            assertThat(s.requests.get()).isEqualTo(5);
            assertThat(s.connections.get()).isEqualTo(1);
        }
    }

    @Test
    void theBodyMethodAndPathReachTheServer() throws Exception {
        try (FakeHttpServer s = new FakeHttpServer(r -> FakeHttpServer.answer(200, "{}"));
             HttpConnection c = new HttpConnection(group, List.of(s.endpoint()), 0, 10_000)) {
            c.send(HttpMethod.POST, "/v3/kv/put", "{\"key\":\"a2V5\"}".getBytes(StandardCharsets.UTF_8)).get(30, TimeUnit.SECONDS);
            assertThat(s.seen).containsExactly(new FakeHttpServer.Request("POST", "/v3/kv/put", "{\"key\":\"a2V5\"}"));
        }
    }

    @Test
    void anAnswerWithConnectionCloseMakesTheNextRequestReconnect() throws Exception {
        try (FakeHttpServer s = new FakeHttpServer(r -> new FakeHttpServer.Action.Answer(200, "{}", true));
             HttpConnection c = new HttpConnection(group, List.of(s.endpoint()), 0, 10_000)) {
            assertThat(get(c, "/a").status()).isEqualTo(200);
            assertThat(get(c, "/b").status()).isEqualTo(200);
            assertThat(s.connections.get()).isEqualTo(2);
        }
    }

    @Test
    void anUnreachableFirstEndpointFailsOverToTheNextAndStaysThere() throws Exception {
        String dead = FakeHttpServer.deadEndpoint();
        try (FakeHttpServer s = new FakeHttpServer(r -> FakeHttpServer.answer(200, "{}"));
             HttpConnection c = new HttpConnection(group, List.of(dead, s.endpoint()), 0, 10_000)) {
            HttpConnection.Reply r = get(c, "/x");
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.endpoint()).isEqualTo(s.endpoint());
            assertThat(get(c, "/y").endpoint()).isEqualTo(s.endpoint());
            assertThat(s.connections.get()).isEqualTo(1);
        }
    }

    @Test
    void a503IsRetriedOnTheNextEndpoint() throws Exception {
        try (FakeHttpServer busy = new FakeHttpServer(r -> FakeHttpServer.answer(503, "{\"error\":\"no_leader\"}"));
             FakeHttpServer ok = new FakeHttpServer(r -> FakeHttpServer.answer(200, "{\"ok\":1}"));
             HttpConnection c = new HttpConnection(group, List.of(busy.endpoint(), ok.endpoint()), 0, 10_000)) {
            HttpConnection.Reply r = get(c, "/x");
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.endpoint()).isEqualTo(ok.endpoint());
            assertThat(busy.requests.get()).isEqualTo(1);
        }
    }

    @Test
    void whenEveryEndpointAnswers503ThatAnswerIsReturned() throws Exception {
        try (FakeHttpServer busy = new FakeHttpServer(r -> FakeHttpServer.answer(503, "{\"error\":\"no_leader\"}"));
             HttpConnection c = new HttpConnection(group, List.of(busy.endpoint()), 0, 10_000)) {
            assertThat(get(c, "/x").status()).isEqualTo(503);
        }
    }

    @Test
    void whenNoEndpointCanBeReachedTheErrorNamesEachOne() throws Exception {
        String a = FakeHttpServer.deadEndpoint();
        String b = FakeHttpServer.deadEndpoint();
        try (HttpConnection c = new HttpConnection(group, List.of(a, b), 0, 10_000)) {
            Throwable t = failure(c.send(HttpMethod.GET, "/x", null));
            assertThat(t).isInstanceOf(IOException.class).hasMessageContaining("no endpoint answered")
                .hasMessageContaining(a).hasMessageContaining(b);
        }
    }

    @Test
    void aRequestWithoutAnswerTimesOutAndTheNextOneUsesAFreshConnection() throws Exception {
        try (FakeHttpServer s = new FakeHttpServer(r -> r.uri().equals("/slow") ? new FakeHttpServer.Action.Ignore()
                 : FakeHttpServer.answer(200, "{}"));
             HttpConnection c = new HttpConnection(group, List.of(s.endpoint()), 0, 200)) {
            assertThat(failure(c.send(HttpMethod.GET, "/slow", null))).isInstanceOf(TimeoutException.class)
                .hasMessageContaining("no answer within 200 ms");
            assertThat(get(c, "/fast").status()).isEqualTo(200);
            assertThat(s.connections.get()).isEqualTo(2);
        }
    }

    @Test
    void aConnectionClosedBeforeTheAnswerFailsTheRequestWithoutRetrying() throws Exception {
        try (FakeHttpServer s = new FakeHttpServer(r -> r.uri().equals("/drop") ? new FakeHttpServer.Action.Close()
                 : FakeHttpServer.answer(200, "{}"));
             FakeHttpServer other = new FakeHttpServer(r -> FakeHttpServer.answer(200, "{}"));
             HttpConnection c = new HttpConnection(group, List.of(s.endpoint(), other.endpoint()), 0, 10_000)) {
            assertThat(failure(c.send(HttpMethod.POST, "/drop", new byte[] {'1'}))).isInstanceOf(IOException.class)
                .hasMessageContaining("closed before the answer");
            assertThat(other.requests.get()).as("a request that may have been applied is not sent again").isZero();
            assertThat(get(c, "/again").status()).isEqualTo(200);
        }
    }

    @Test
    void aSecondRequestWhileOneIsInFlightIsRefused() throws Exception {
        try (FakeHttpServer s = new FakeHttpServer(r -> new FakeHttpServer.Action.Ignore());
             HttpConnection c = new HttpConnection(group, List.of(s.endpoint()), 0, 10_000)) {
            CompletableFuture<HttpConnection.Reply> first = c.send(HttpMethod.GET, "/a", null);
            assertThat(failure(c.send(HttpMethod.GET, "/b", null))).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("already in flight");
            c.close();
            assertThat(failure(first)).isInstanceOf(IOException.class);
        }
    }

    @Test
    void badEndpointsAndTimeoutsAreRejectedWithWhatWasExpected() {
        assertThatThrownBy(() -> new HttpConnection(group, List.of(), 0, 1000)).hasMessageContaining("at least one endpoint");
        assertThatThrownBy(() -> new HttpConnection(group, List.of("localhost"), 0, 1000)).hasMessageContaining("host:port");
        assertThatThrownBy(() -> new HttpConnection(group, List.of("h:70000"), 0, 1000)).hasMessageContaining("1-65535");
        assertThatThrownBy(() -> new HttpConnection(group, List.of("h:1"), 0, 0)).hasMessageContaining("at least 1 ms");
    }
}
