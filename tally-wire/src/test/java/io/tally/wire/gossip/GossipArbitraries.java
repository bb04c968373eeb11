package io.tally.wire.gossip;

import io.tally.gossip.MemberState;
import io.tally.gossip.Message;
import io.tally.gossip.NodeMeta;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/** jqwik generators of valid SWIM messages (ids, addresses and endpoints as the runtime writes them). */
final class GossipArbitraries {
    private GossipArbitraries() {}

    static Arbitrary<String> ids() {
        return Arbitraries.strings().withCharRange('a', 'z').withChars('-', '.', '_', '0', '7', 'é', '中')
                .ofMinLength(1).ofMaxLength(40);
    }

    static Arbitrary<String> addresses() {
        return Combinators.combine(Arbitraries.integers().between(0, 255), Arbitraries.integers().between(1, 65535))
                .as((b, port) -> "127.0.0." + b + ":" + port);
    }

    static Arbitrary<Long> counters() {
        return Arbitraries.oneOf(Arbitraries.longs().between(0, 1000), Arbitraries.longs().between(0, Long.MAX_VALUE));
    }

    static Arbitrary<NodeMeta> metas() {
        return Combinators.combine(Arbitraries.oneOf(Arbitraries.just(""), addresses()),
                Arbitraries.oneOf(Arbitraries.just(""), addresses()), Arbitraries.of(true, false),
                Arbitraries.strings().alpha().numeric().withChars('.', '-').ofMaxLength(20))
                .as(NodeMeta::new);
    }

    static Arbitrary<Message> datagramMessages() {
        return Arbitraries.oneOf(
                Combinators.combine(counters(), ids(), ids()).as(Message.Ping::new),
                Combinators.combine(counters(), ids(), addresses(), ids(), Arbitraries.of(true, false))
                        .as(Message.PingReq::new),
                Combinators.combine(counters(), ids()).as(Message.Ack::new),
                Combinators.combine(counters(), ids()).as(Message.Nack::new),
                Combinators.combine(ids(), counters(), addresses(), metas()).as(Message.Alive::new),
                Combinators.combine(ids(), counters(), ids()).as(Message.Suspect::new),
                Combinators.combine(ids(), counters(), ids()).as(Message.Dead::new),
                Combinators.combine(ids(), counters(), Arbitraries.bytes().array(byte[].class).ofMaxSize(300))
                        .as(Message.UserBroadcast::new));
    }

    static Arbitrary<Message.PushPull> pushPulls() {
        Arbitrary<Message.PushPull.Entry> entries = Combinators.combine(ids(), addresses(), metas(), counters(),
                Arbitraries.of(MemberState.class)).as(Message.PushPull.Entry::new);
        return Combinators.combine(ids(), Arbitraries.of(true, false), Arbitraries.of(true, false),
                entries.list().ofMaxSize(50)).as(Message.PushPull::new);
    }
}
