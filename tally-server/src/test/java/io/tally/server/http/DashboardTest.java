package io.tally.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** GET / serves the self-contained dashboard page, which talks only to the node that served it, by relative URLs. */
class DashboardTest {
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private HttpApiServer server;

    @BeforeEach
    void start() throws Exception {
        server = HttpApiServer.start(new InetSocketAddress("127.0.0.1", 0), 4096, 1, route -> Optional.empty(),
            new SimpleMeterRegistry());
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private HttpResponse<String> send(String method, String path) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.localAddress().getPort() + path))
            .method(method, HttpRequest.BodyPublishers.noBody()).timeout(Duration.ofSeconds(10)).build(),
            HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void theRootServesTheDashboardAsHtmlWithoutTheNodeQueue() throws Exception {
        HttpResponse<String> res = send("GET", "/");
        assertThat(res.statusCode()).isEqualTo(200);
        assertThat(res.headers().firstValue("content-type")).contains("text/html; charset=utf-8");
        assertThat(res.headers().firstValue("content-security-policy").orElse("")).contains("default-src 'self'");
        assertThat(res.body()).startsWith("<!DOCTYPE html>").contains("<title>Tally dashboard</title>");
        assertThat(send("GET", "/dashboard").body()).isEqualTo(res.body());
        HttpResponse<String> head = send("HEAD", "/");
        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.body()).isEmpty();
        HttpResponse<String> post = send("POST", "/");
        assertThat(post.statusCode()).isEqualTo(405);
        assertThat(post.headers().firstValue("allow")).contains("GET, HEAD");
    }

    @Test
    void thePageLoadsNothingFromElsewhereAndCallsTheNodeOnlyByRelativeUrls() {
        String page = new String(Dashboard.page(), StandardCharsets.UTF_8);
        assertThat(page).doesNotContain("http://").doesNotContain("https://").doesNotContain("src=")
            .doesNotContain("href=").doesNotContain("@import").doesNotContain("url(").doesNotContain("@font-face");
        List<String> urls = new ArrayList<>();
        Matcher m = Pattern.compile("const \\w+_URL = \"([^\"]*)\"").matcher(page);
        while (m.find()) {
            urls.add(m.group(1));
        }
        assertThat(urls).containsExactlyInAnyOrder("v1/cluster", "metrics", "v1/counters/");
        assertThat(urls).allSatisfy(u -> assertThat(u).doesNotStartWith("/").doesNotContain("//"));
        Matcher fetches = Pattern.compile("fetch\\(([^,)]*)").matcher(page);
        int calls = 0;
        while (fetches.find()) {
            calls++;
            assertThat(fetches.group(1).strip()).as("fetch argument").matches("(CLUSTER_URL|METRICS_URL|COUNTER_URL \\+ .*)");
        }
        assertThat(calls).isEqualTo(3);
    }
}
