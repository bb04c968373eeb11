package io.tally.store.state;

import static org.assertj.core.api.Assertions.assertThat;

import io.tally.store.command.Command;
import io.tally.store.command.Consistency;
import io.tally.store.command.ErrorCode;
import io.tally.store.command.Result;
import io.tally.store.testing.Harness;
import java.util.List;
import org.junit.jupiter.api.Test;

class KeyspaceRulesTest {
    private final Harness h = new Harness();

    @Test
    void aCommandOnAMissingKeyspaceIsAnErrorAndWritesNothing() {
        ApplyOutput out = h.output(0, 0, new Command.CounterIncrement("nope", "c", 1));
        Result.Error e = (Result.Error) out.result();
        assertThat(e.code()).isEqualTo(ErrorCode.KEYSPACE_NOT_FOUND);
        assertThat(e.code().httpStatus()).isEqualTo(404);
        assertThat(e.message()).contains("\"nope\" does not exist");
        assertThat(out.writes()).isEmpty();
        for (Command c : List.of(new Command.CounterRead("nope", "c"), new Command.ItemCount("nope", "t"), new Command.FileGet("nope", "f"))) {
            assertThat(((Result.Error) h.run(c)).code()).isEqualTo(ErrorCode.KEYSPACE_NOT_FOUND);
        }
    }

    @Test
    void theDefaultKeyspaceExistsWithoutBeingCreated() {
        assertThat(h.run(new Command.CounterIncrement("default", "c", 1)).ok()).isTrue();
        assertThat(h.run(new Command.CreateKeyspace("default", Consistency.STRONG, 0))).isEqualTo(new Result.KeyspaceInfo("default", Consistency.STRONG, 0, false));
        assertThat(((Result.Error) h.run(new Command.CreateKeyspace("default", Consistency.EVENTUAL, 3))).code()).isEqualTo(ErrorCode.KEYSPACE_EXISTS);
    }

    @Test
    void createIsIdempotentWithTheSameSettingsAndConflictsOtherwise() {
        assertThat(h.run(new Command.CreateKeyspace("hits", Consistency.STRONG, 3))).isEqualTo(new Result.KeyspaceInfo("hits", Consistency.STRONG, 3, true));
        assertThat(h.run(new Command.CreateKeyspace("hits", Consistency.STRONG, 3))).isEqualTo(new Result.KeyspaceInfo("hits", Consistency.STRONG, 3, false));
        Result.Error e = (Result.Error) h.run(new Command.CreateKeyspace("hits", Consistency.STRONG, 5));
        assertThat(e.code()).isEqualTo(ErrorCode.KEYSPACE_EXISTS);
        assertThat(e.code().httpStatus()).isEqualTo(409);
        // the idempotent create and the refused one wrote nothing, so the revision went 1 (create) -> 2
        assertThat(h.run(new Command.CounterIncrement("hits", "c", 2))).isEqualTo(new Result.CounterValue("c", 2, 2));
        assertThat(Queries.keyspaces(h.state, 10)).extracting(Result.KeyspaceInfo::name).containsExactly("default", "hits");
    }

    @Test
    void anEventualKeyspaceIsNotServedByTheStateMachine() {
        h.run(new Command.CreateKeyspace("gossip", Consistency.EVENTUAL, 3));
        Result.Error e = (Result.Error) h.run(new Command.CounterIncrement("gossip", "c", 1));
        assertThat(e.code()).isEqualTo(ErrorCode.KEYSPACE_NOT_STRONG);
        assertThat(Queries.keyspace(h.state, "gossip")).isEqualTo(new Result.KeyspaceInfo("gossip", Consistency.EVENTUAL, 3, false));
    }

    @Test
    void invalidInputIsAnErrorResultNotAnException() {
        Result.Error e = (Result.Error) h.run(new Command.CreateKeyspace("Bad Name", Consistency.STRONG, 3));
        assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
        assertThat(((Result.Error) h.run(new Command.CreateKeyspace("ok", Consistency.STRONG, 99))).message()).contains("replicas in 0..");
    }
}
