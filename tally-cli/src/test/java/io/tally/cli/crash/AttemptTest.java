package io.tally.cli.crash;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpTimeoutException;
import org.junit.jupiter.api.Test;

/** How the crash loop reads one attempt of a write: answered, certainly not applied, or unknown. */
class AttemptTest {

    private static String error(String code, String message) {
        return "{\"error\":{\"code\":\"" + code + "\",\"message\":\"" + message + "\"}}";
    }

    @Test
    void successesAndConditionFailuresAreAnswers() {
        assertThat(Attempt.ofReply(200, "{\"key\":\"c\",\"value\":3}")).isEqualTo(Attempt.ANSWERED);
        assertThat(Attempt.ofReply(404, error("not_found", "key \\\"r\\\" does not exist"))).isEqualTo(Attempt.ANSWERED);
        assertThat(Attempt.ofReply(409, error("version_mismatch", "x"))).isEqualTo(Attempt.ANSWERED);
        assertThat(Attempt.ofReply(409, error("already_exists", "x"))).isEqualTo(Attempt.ANSWERED);
    }

    @Test
    void badInputAndOtherConflictsWereNotApplied() {
        assertThat(Attempt.ofReply(400, error("invalid_argument", "x"))).isEqualTo(Attempt.NOT_APPLIED);
        assertThat(Attempt.ofReply(409, error("session_expired", "x"))).isEqualTo(Attempt.NOT_APPLIED);
    }

    @Test
    void a503IsNotAppliedOnlyWhenTheNodeSaysSo() {
        assertThat(Attempt.ofReply(503, error("unavailable", "no leader or no quorum within 5000 ms"))).isEqualTo(Attempt.NOT_APPLIED);
        assertThat(Attempt.ofReply(503, error("unavailable", "leadership changed before the write committed"))).isEqualTo(Attempt.NOT_APPLIED);
        assertThat(Attempt.ofReply(503, error("overloaded", "the node is busy or stopping; retry shortly"))).isEqualTo(Attempt.NOT_APPLIED);
        assertThat(Attempt.ofReply(503, error("unavailable", "no leader or no quorum within 5000 ms (the write may still be applied)")))
                .isEqualTo(Attempt.UNKNOWN);
        assertThat(Attempt.ofReply(503, error("unavailable", "the write was superseded by a snapshot; its outcome is unknown")))
                .isEqualTo(Attempt.UNKNOWN);
        assertThat(Attempt.ofReply(503, error("unavailable", "the node is stopping"))).isEqualTo(Attempt.UNKNOWN);
        assertThat(Attempt.ofReply(503, error("timeout", "the node did not answer in time"))).isEqualTo(Attempt.UNKNOWN);
        assertThat(Attempt.ofReply(500, error("internal", "internal error: X"))).isEqualTo(Attempt.UNKNOWN);
    }

    @Test
    void aRefusedConnectionSentNothingButAnyOtherIoErrorMayHaveApplied() {
        assertThat(Attempt.ofFailure(new ConnectException("refused"))).isEqualTo(Attempt.NOT_APPLIED);
        assertThat(Attempt.ofFailure(new HttpTimeoutException("request timed out"))).isEqualTo(Attempt.UNKNOWN);
        assertThat(Attempt.ofFailure(new IOException("connection reset"))).isEqualTo(Attempt.UNKNOWN);
    }
}
