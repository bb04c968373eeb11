package io.tally.server.raft;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The initial voters of a fresh node follow the table in {@link Bootstrap}. */
class BootstrapTest {
    @Test
    void aMemberListNamingThisNodeFoundsTheGroupWithEveryMember() {
        assertThat(Bootstrap.initialVoters("n2", List.of("n1", "n2", "n3"), false, 0)).hasValueSatisfying(v -> assertThat(v).containsExactly("n1", "n2", "n3"));
    }

    @Test
    void aMemberListWithoutThisNodeFoundsNothing() {
        assertThat(Bootstrap.initialVoters("n4", List.of("n1", "n2", "n3"), false, 0)).isEmpty();
    }

    @Test
    void aLoneNodeFoundsAGroupOfItselfUnlessItJoinsOrExpectsOthers() {
        assertThat(Bootstrap.initialVoters("n1", List.of(), false, 0)).hasValueSatisfying(v -> assertThat(v).containsExactly("n1"));
        assertThat(Bootstrap.initialVoters("n1", List.of(), true, 0)).isEmpty();
        assertThat(Bootstrap.initialVoters("n1", List.of(), false, 3)).isEmpty();
    }
}
