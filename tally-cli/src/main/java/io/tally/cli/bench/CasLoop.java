package io.tally.cli.bench;

/**
 * The state of one compare-and-swap increment of an etcd key, which is how a user of etcd has to write a counter
 * (etcd has no atomic add): send {@code If(mod_revision == r) Then put(v + 1) Else get}, and while the compare
 * fails, retry with the revision and value the else branch returned. It starts from what the caller last knew of
 * the key (revision 0 and value 0 for "absent"), so an uncontended increment takes one round trip.
 *
 * <p>Pure and single-threaded: the caller sends {@link #request()}, feeds the answer to {@link #onAnswer}, and
 * repeats until it returns true.
 */
public final class CasLoop {
    private final String key;
    private long modRevision;
    private long value;
    private int attempts;
    private boolean done;

    /**
     * @param knownModRevision what the caller believes the key's mod revision is (0: absent)
     * @param knownValue the counter value that goes with it
     */
    public CasLoop(String key, long knownModRevision, long knownValue) {
        if (knownModRevision < 0) {
            throw new IllegalArgumentException("expected a mod revision >= 0, got " + knownModRevision);
        }
        this.key = key;
        this.modRevision = knownModRevision;
        this.value = knownValue;
    }

    /** The txn body of the next attempt. */
    public byte[] request() {
        if (done) {
            throw new IllegalStateException("the increment of " + key + " is already done");
        }
        return EtcdJson.casPut(key, modRevision, Math.addExact(value, 1));
    }

    /** Takes the answer to {@link #request()}; true when the increment is done (the swap happened). */
    public boolean onAnswer(EtcdJson.TxnResult r) {
        attempts++;
        switch (r) {
            case EtcdJson.TxnResult.Swapped s -> {
                value = value + 1;
                modRevision = s.modRevision();
                done = true;
            }
            case EtcdJson.TxnResult.Conflict c -> {
                modRevision = c.modRevision();
                value = c.value();
            }
        }
        return done;
    }

    /** Txns sent and answered so far, 1 for an uncontended increment. */
    public int attempts() {
        return attempts;
    }

    /** The key's mod revision as last seen (after success: the revision of our own put). */
    public long modRevision() {
        return modRevision;
    }

    /** The counter value as last seen (after success: the value we wrote). */
    public long value() {
        return value;
    }
}
