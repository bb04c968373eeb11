package io.tally.sim.linearizability;

/**
 * The sequential model of one counter/register key, as replicated by the Raft simulation: a long
 * value, 0 when never written. Inputs and outputs are {@link KvOp} records.
 */
public final class KvModel implements Model<Long, KvOp.Input, KvOp.Output> {

    @Override
    public Long initial() {
        return 0L;
    }

    @Override
    public Long step(Long state, KvOp.Input input, KvOp.Output output) {
        long v = state;
        return switch (input) {
            case KvOp.Increment inc -> {
                long after = v + inc.delta();
                yield output == null || output.equals(new KvOp.Value(after)) ? after : null;
            }
            case KvOp.Read r -> output == null || output.equals(new KvOp.Value(v)) ? state : null;
            case KvOp.Put put -> output == null || output.equals(new KvOp.Done()) ? put.value() : null;
            case KvOp.Cas cas -> {
                boolean swaps = v == cas.expected();
                long after = swaps ? cas.update() : v;
                yield output == null || output.equals(new KvOp.CasResult(swaps)) ? after : null;
            }
        };
    }
}
