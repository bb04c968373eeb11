package io.tally.store.state;

import static org.assertj.core.api.Assertions.assertThat;

import io.tally.store.command.ItemId;
import io.tally.store.testing.Generators;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** The key encoding keeps user-key order inside a keyspace and never interleaves keyspaces or types. */
class KeyEncodingProperties {

    @Provide
    Arbitrary<String> keys() {
        return Generators.text(12);
    }

    @Provide
    Arbitrary<String> keyspaces() {
        return Arbitraries.strings().withChars("abz09_-").ofMinLength(1).ofMaxLength(6);
    }

    private static int sign(int c) {
        return Integer.signum(c);
    }

    @Property(tries = 2000)
    void encodedOrderIsUtf8OrderOfTheUserKeys(@ForAll("keyspaces") String ks, @ForAll("keys") String a, @ForAll("keys") String b) {
        int user = Arrays.compareUnsigned(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
        assertThat(sign(Arrays.compareUnsigned(Keys.key(ks, a), Keys.key(ks, b)))).isEqualTo(sign(user));
        assertThat(sign(Arrays.compareUnsigned(Keys.file(ks, a), Keys.file(ks, b)))).isEqualTo(sign(user));
    }

    @Property(tries = 2000)
    void aKeyspacesKeysStayInsideItsPrefix(@ForAll("keyspaces") String ks1, @ForAll("keyspaces") String ks2, @ForAll("keys") String key) {
        byte[] encoded = Keys.key(ks1, key);
        assertThat(StateReader.startsWith(encoded, Keys.scoped(Keys.KEY, ks2))).isEqualTo(ks1.equals(ks2));
        assertThat(StateReader.startsWith(Keys.file(ks1, key), Keys.scoped(Keys.KEY, ks2))).isFalse();
        assertThat(StateReader.startsWith(Keys.tenantCount(ks1, key), Keys.scoped(Keys.ITEM, ks2))).isFalse();
    }

    @Property(tries = 2000)
    void numericItemIdsSortNumerically(@ForAll long a, @ForAll long b) {
        int encoded = Arrays.compareUnsigned(Keys.item("default", new ItemId.Num(a)), Keys.item("default", new ItemId.Num(b)));
        assertThat(sign(encoded)).isEqualTo(sign(Long.compare(a, b)));
    }

    @Property(tries = 1000)
    void sessionExpiryIndexSortsByTimeThenClient(@ForAll long t1, @ForAll long c1, @ForAll long t2, @ForAll long c2) {
        int encoded = Arrays.compareUnsigned(Keys.sessionByTime(t1, c1), Keys.sessionByTime(t2, c2));
        int expected = t1 != t2 ? Long.compare(t1, t2) : Long.compare(c1, c2);
        assertThat(sign(encoded)).isEqualTo(sign(expected));
        assertThat(Keys.timeOfSessionByTime(Keys.sessionByTime(t1, c1))).isEqualTo(t1);
        assertThat(Keys.clientIdOfSessionByTime(Keys.sessionByTime(t1, c1))).isEqualTo(c1);
    }
}
