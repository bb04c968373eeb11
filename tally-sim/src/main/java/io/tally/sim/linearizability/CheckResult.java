package io.tally.sim.linearizability;

/**
 * The result of checking a history.
 *
 * @param verdict the overall verdict (the worst over all keys)
 * @param key the key that is not linearizable or inconclusive, or {@code null}
 * @param detail what went wrong, for humans (empty when linearizable)
 * @param steps search steps spent over all keys
 */
public record CheckResult(Verdict verdict, String key, String detail, long steps) {
    /** Whether the history is linearizable. */
    public boolean ok() {
        return verdict == Verdict.LINEARIZABLE;
    }
}
