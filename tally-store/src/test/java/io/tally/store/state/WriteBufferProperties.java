package io.tally.store.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/** A buffer's merged scan equals a scan of the state with the writes applied. */
class WriteBufferProperties {

    @Provide
    Arbitrary<List<byte[]>> keys() {
        return Arbitraries.bytes().between((byte) 0, (byte) 3).array(byte[].class).ofMinSize(0).ofMaxSize(3).list().ofMaxSize(25);
    }

    @Property(tries = 1000)
    void scansSeePendingWritesOverTheBase(@ForAll("keys") List<byte[]> baseKeys, @ForAll("keys") List<byte[]> putKeys,
            @ForAll("keys") List<byte[]> deleteKeys, @ForAll("keys") List<byte[]> probes, @ForAll @IntRange(min = 1, max = 6) int limit) {
        MemoryState base = new MemoryState();
        List<Write> initial = new ArrayList<>();
        baseKeys.forEach(k -> initial.add(Write.put(Family.DATA, k, new byte[] {1})));
        base.commit(1, initial);
        WriteBuffer buf = new WriteBuffer(base);
        TreeMap<byte[], byte[]> model = new TreeMap<>(Arrays::compareUnsigned);
        baseKeys.forEach(k -> model.put(k, new byte[] {1}));
        for (int i = 0; i < Math.max(putKeys.size(), deleteKeys.size()); i++) {
            if (i < putKeys.size()) {
                buf.put(Family.DATA, putKeys.get(i), new byte[] {2});
                model.put(putKeys.get(i), new byte[] {2});
            }
            if (i < deleteKeys.size()) {
                buf.delete(Family.DATA, deleteKeys.get(i));
                model.remove(deleteKeys.get(i));
            }
        }
        for (byte[] probe : probes) {
            byte[] prefix = Arrays.copyOf(probe, Math.min(1, probe.length));
            List<KeyValue> expected = new ArrayList<>();
            for (Map.Entry<byte[], byte[]> e : model.tailMap(probe, true).entrySet()) {
                if (expected.size() == limit || !StateReader.startsWith(e.getKey(), prefix)) {
                    break;
                }
                expected.add(new KeyValue(e.getKey(), e.getValue()));
            }
            assertThat(buf.scan(Family.DATA, prefix, probe, limit)).isEqualTo(expected);
            assertThat(buf.get(Family.DATA, probe)).isEqualTo(model.get(probe));
        }
        // and committing the buffer's writes gives the model
        base.commit(2, buf.writes());
        assertThat(base.scan(Family.DATA, new byte[0], null, 1000)).hasSize(model.size());
    }
}
