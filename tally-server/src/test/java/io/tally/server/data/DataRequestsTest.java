package io.tally.server.data;

import static org.assertj.core.api.Assertions.assertThat;

import io.tally.server.core.ApiReply;
import io.tally.server.raft.ClientRequest;
import io.tally.store.command.Command;
import io.tally.store.command.Condition;
import io.tally.store.command.ItemId;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Each data route parses into its command, and each kind of bad input is answered at once with the right status. */
class DataRequestsTest {

    private static DataRequests.Parsed parse(String method, String uri, String body, Map<String, String> headers) {
        return DataRequests.parse(method, uri, headers::get, body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8));
    }

    private static ClientRequest run(String method, String uri, String body, Map<String, String> headers) {
        DataRequests.Parsed p = parse(method, uri, body, headers);
        assertThat(p).isInstanceOf(DataRequests.Parsed.Run.class);
        return ((DataRequests.Parsed.Run) p).request();
    }

    private static ApiReply answer(String method, String uri, String body, Map<String, String> headers) {
        DataRequests.Parsed p = parse(method, uri, body, headers);
        assertThat(p).as("expected an immediate answer for %s %s", method, uri).isInstanceOf(DataRequests.Parsed.Answer.class);
        return ((DataRequests.Parsed.Answer) p).reply();
    }

    @Test
    void anIncrementWithoutBodyAddsOneAndADeltaIsTaken() {
        assertThat(run("POST", "/v1/counters/a", null, Map.of()).command()).isEqualTo(new Command.CounterIncrement("default", "a", 1));
        assertThat(run("POST", "/v1/counters/a", "{\"delta\": -9223372036854775808}", Map.of()).command())
                .isEqualTo(new Command.CounterIncrement("default", "a", Long.MIN_VALUE));
    }

    @Test
    void aDeltaThatIsNotA64BitIntegerIs400() {
        assertThat(answer("POST", "/v1/counters/a", "{\"delta\": 1.5}", Map.of()).status()).isEqualTo(400);
        assertThat(answer("POST", "/v1/counters/a", "{\"delta\": 9223372036854775808}", Map.of()).status()).isEqualTo(400);
        assertThat(answer("POST", "/v1/counters/a", "{\"delta\": \"3\"}", Map.of()).status()).isEqualTo(400);
        assertThat(answer("POST", "/v1/counters/a", "[1]", Map.of()).status()).isEqualTo(400);
        assertThat(answer("POST", "/v1/counters/a", "{\"delta\": ", Map.of()).bodyText()).contains("invalid_argument", "malformed JSON");
    }

    @Test
    void serializableConsistencyMakesALocalRead() {
        assertThat(run("GET", "/v1/counters/a?consistency=serializable", null, Map.of()).serializable()).isTrue();
        assertThat(run("GET", "/v1/counters/a", null, Map.of()).serializable()).isFalse();
        assertThat(answer("GET", "/v1/counters/a?consistency=eventual", null, Map.of()).status()).isEqualTo(400);
    }

    @Test
    void theSameIdempotencyKeyGivesTheSameSessionAndOthersDiffer() {
        ClientRequest a = run("POST", "/v1/counters/a", null, Map.of("Idempotency-Key", "k1"));
        ClientRequest b = run("POST", "/v1/counters/a", null, Map.of("Idempotency-Key", "k1"));
        ClientRequest c = run("POST", "/v1/counters/a", null, Map.of("Idempotency-Key", "k2"));
        assertThat(a.clientId()).isNotZero().isEqualTo(b.clientId()).isNotEqualTo(c.clientId());
        assertThat(a.sequence()).isEqualTo(1);
        assertThat(run("POST", "/v1/counters/a", null, Map.of()).clientId()).isZero();
    }

    @Test
    void putsCarryContentTypeAndConditions() {
        Command.ValuePut p = (Command.ValuePut) run("PUT", "/v1/kv/dir/x", "body", Map.of("Content-Type", "text/plain", "If-Match", "\"7\"")).command();
        assertThat(p.key()).isEqualTo("dir/x");
        assertThat(p.contentType()).isEqualTo("text/plain");
        assertThat(p.condition()).isEqualTo(new Condition.IfMatch(7));
        assertThat(((Command.ValuePut) run("PUT", "/v1/kv/x", "b", Map.of("If-None-Match", "*")).command()).condition()).isEqualTo(Condition.IF_ABSENT);
        assertThat(answer("PUT", "/v1/kv/x", "b", Map.of("If-Match", "abc")).status()).isEqualTo(400);
        assertThat(answer("PUT", "/v1/kv/x", "b", Map.of("If-None-Match", "\"3\"")).status()).isEqualTo(400);
    }

    @Test
    void theSeedRoutesMapToTheirV1Twins() {
        assertThat(run("POST", "/kv/x", "{\"a\":1}", Map.of()).command()).isInstanceOf(Command.ValuePut.class);
        assertThat(run("GET", "/kv/x", null, Map.of()).command()).isEqualTo(new Command.ValueGet("default", "x"));
        assertThat(run("GET", "/items/t/count", null, Map.of()).command()).isEqualTo(new Command.ItemCount("default", "t"));
        assertThat(run("POST", "/items", "[{\"ID\": 1, \"tenant\": \"hello\"}]", Map.of()).command()).isInstanceOf(Command.ItemsPut.class);
    }

    @Test
    void itemsAcceptNumberAndStringIdsAndRejectTheRestWholesale() {
        Command.ItemsPut p = (Command.ItemsPut) run("POST", "/v1/items", "[{\"id\": 1, \"tenant\": \"a\"}, {\"ID\": \"x\", \"tenant\": \"b\"}]", Map.of()).command();
        assertThat(p.items()).extracting(i -> i.id()).containsExactly(new ItemId.Num(1), new ItemId.Str("x"));
        assertThat(answer("POST", "/v1/items", "[{\"id\": true, \"tenant\": \"a\"}]", Map.of()).status()).isEqualTo(400);
        assertThat(answer("POST", "/v1/items", "[{\"id\": 1.5, \"tenant\": \"a\"}]", Map.of()).status()).isEqualTo(400);
        assertThat(answer("POST", "/v1/items", "[{\"id\": 1}]", Map.of()).status()).isEqualTo(400);
        assertThat(answer("POST", "/v1/items", "[{\"id\": 1, \"tenant\": \"\"}]", Map.of()).status()).isEqualTo(400);
        assertThat(answer("POST", "/v1/items", "{\"id\": 1, \"tenant\": \"a\"}", Map.of()).status()).isEqualTo(400);
        assertThat(answer("POST", "/v1/items", "", Map.of()).status()).isEqualTo(400);
    }

    @Test
    void anOverLongKeyIs400AndUnknownRoutesAndMethodsAre404And405() {
        assertThat(answer("PUT", "/v1/kv/" + "k".repeat(2000), "b", Map.of()).status()).isEqualTo(400);
        assertThat(answer("GET", "/v1/nothing/x", null, Map.of()).status()).isEqualTo(404);
        ApiReply r = answer("PATCH", "/v1/kv/x", "b", Map.of());
        assertThat(r.status()).isEqualTo(405);
        assertThat(r.headers()).containsKey("Allow");
        assertThat(answer("POST", "/v1/kv/x", "b", Map.of()).status()).isEqualTo(405);
    }

    @Test
    void listingsTakePrefixLimitAndTokenWithinBounds() {
        assertThat(run("GET", "/v1/kv?prefix=a&limit=10&after=a5", null, Map.of()).command())
                .isEqualTo(new Command.ValueList("default", "a", "a5", 10));
        assertThat(answer("GET", "/v1/kv?limit=0", null, Map.of()).status()).isEqualTo(400);
        assertThat(answer("GET", "/v1/kv?limit=100000", null, Map.of()).status()).isEqualTo(400);
    }

    @Test
    void otherKeyspacesAreAddressedByName() {
        assertThat(run("GET", "/v1/ks/hits/counters/a", null, Map.of()).command()).isEqualTo(new Command.CounterRead("hits", "a"));
    }
}
