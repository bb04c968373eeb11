package io.tally.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;

class EtcdJsonTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode tree(byte[] b) throws Exception {
        return JSON.readTree(b);
    }

    private static String unb64(JsonNode n) {
        return new String(Base64.getDecoder().decode(n.asText()), StandardCharsets.UTF_8);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void putCarriesKeyAndValueInBase64() throws Exception {
        JsonNode n = tree(EtcdJson.put("key-7", bytes("0123456789abcdef")));
        assertThat(unb64(n.path("key"))).isEqualTo("key-7");
        assertThat(unb64(n.path("value"))).isEqualTo("0123456789abcdef");
    }

    @Test
    void rangeIsLinearizableUnlessAskedForSerializable() throws Exception {
        JsonNode lin = tree(EtcdJson.range("k", false));
        assertThat(unb64(lin.path("key"))).isEqualTo("k");
        assertThat(lin.has("serializable")).isFalse();
        assertThat(tree(EtcdJson.range("k", true)).path("serializable").asBoolean()).isTrue();
    }

    @Property
    void casPutComparesTheModRevisionPutsTheNewValueAndReadsTheKeyOtherwise(
            @ForAll @StringLength(min = 1, max = 40) String key, @ForAll @LongRange(min = 0) long rev, @ForAll long value) throws Exception {
        JsonNode n = tree(EtcdJson.casPut(key, rev, value));
        JsonNode cmp = n.path("compare").get(0);
        assertThat(cmp.path("target").asText()).isEqualTo("MOD");
        assertThat(cmp.path("result").asText()).isEqualTo("EQUAL");
        assertThat(unb64(cmp.path("key"))).isEqualTo(key);
        assertThat(cmp.path("mod_revision").asText()).isEqualTo(Long.toString(rev));
        JsonNode put = n.path("success").get(0).path("request_put");
        assertThat(unb64(put.path("key"))).isEqualTo(key);
        assertThat(unb64(put.path("value"))).isEqualTo(Long.toString(value));
        assertThat(unb64(n.path("failure").get(0).path("request_range").path("key"))).isEqualTo(key);
    }

    @Test
    void aNegativeRevisionIsRejected() {
        assertThatThrownBy(() -> EtcdJson.casPut("k", -1, 1)).hasMessageContaining("mod revision >= 0");
    }

    @Test
    void aSucceededTxnGivesTheRevisionOfItsPut() {
        // As etcd 3.4.23 answered on loopback.
        String answer = "{\"header\":{\"cluster_id\":\"6001611773266757492\",\"member_id\":\"13049071153751544597\",\"revision\":\"3\","
            + "\"raft_term\":\"2\"},\"succeeded\":true,\"responses\":[{\"response_put\":{\"header\":{\"revision\":\"3\"}}}]}";
        assertThat(EtcdJson.parseTxn(bytes(answer))).isEqualTo(new EtcdJson.TxnResult.Swapped(3));
    }

    @Test
    void aFailedTxnGivesTheKeyAsTheElseBranchReadIt() {
        // etcd leaves "succeeded": false out; the value is the counter's decimal text in base64 ("MA==" is "0").
        String answer = "{\"header\":{\"revision\":\"2\"},\"responses\":[{\"response_range\":{\"header\":{\"revision\":\"2\"},"
            + "\"kvs\":[{\"key\":\"azE=\",\"create_revision\":\"2\",\"mod_revision\":\"2\",\"version\":\"1\",\"value\":\"NDE=\"}],\"count\":\"1\"}}]}";
        assertThat(EtcdJson.parseTxn(bytes(answer))).isEqualTo(new EtcdJson.TxnResult.Conflict(2, 41));
    }

    @Test
    void aFailedTxnOnAKeyThatIsGoneReadsAsRevisionZeroValueZero() {
        String answer = "{\"header\":{\"revision\":\"9\"},\"responses\":[{\"response_range\":{\"header\":{\"revision\":\"9\"}}}]}";
        assertThat(EtcdJson.parseTxn(bytes(answer))).isEqualTo(new EtcdJson.TxnResult.Conflict(0, 0));
    }

    @Test
    void aTxnAnswerWithoutTheElseBranchIsRejectedWithTheAnswerQuoted() {
        assertThatThrownBy(() -> EtcdJson.parseTxn(bytes("{\"error\":\"etcdserver: request timed out\",\"code\":14}")))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("response_range").hasMessageContaining("request timed out");
        assertThatThrownBy(() -> EtcdJson.parseTxn(bytes("not json"))).hasMessageContaining("expected JSON");
    }

    @Test
    void aCounterThatIsNotANumberIsRejected() {
        String answer = "{\"header\":{\"revision\":\"2\"},\"kvs\":[{\"key\":\"azE=\",\"mod_revision\":\"2\",\"value\":\""
            + Base64.getEncoder().encodeToString(bytes("xx")) + "\"}]}";
        assertThatThrownBy(() -> EtcdJson.parseRangeCounter(bytes(answer))).hasMessageContaining("decimal number");
    }

    @Test
    void rangeCounterReadsTheValueOrZeroForAMissingKey() {
        assertThat(EtcdJson.parseRangeCounter(bytes("{\"header\":{\"revision\":\"5\"},\"kvs\":[{\"key\":\"azE=\",\"mod_revision\":\"4\","
            + "\"value\":\"MTIzNDU=\"}],\"count\":\"1\"}"))).isEqualTo(12345);
        assertThat(EtcdJson.parseRangeCounter(bytes("{\"header\":{\"revision\":\"5\"}}"))).isZero();
        assertThatThrownBy(() -> EtcdJson.parseRangeCounter(bytes("{}"))).hasMessageContaining("header");
    }
}
