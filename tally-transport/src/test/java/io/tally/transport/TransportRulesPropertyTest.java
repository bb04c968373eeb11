package io.tally.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.tally.wire.WireProtocol;
import io.tally.wire.proto.Handshake;
import io.tally.wire.proto.Refusal;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.AlphaChars;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.StringLength;

/** Properties of the pure rules: backoff, tie-break, handshake compatibility. */
class TransportRulesPropertyTest {

  @Property
  void backoffStaysWithinHalfToFullOfTheCappedExponential(
      @ForAll @IntRange(min = 0, max = 200) int failedDials,
      @ForAll @LongRange(min = 1, max = 10_000) long baseMs,
      @ForAll @LongRange(min = 0, max = 1_000_000) long extraMs,
      @ForAll @DoubleRange(min = 0, max = 1, maxIncluded = false) double jitter) {
    long maxMs = baseMs + extraMs;
    long capped = (long) Math.min((double) maxMs, baseMs * Math.pow(2, failedDials));
    long delay = Backoff.delayMs(failedDials, baseMs, maxMs, jitter);
    assertThat(delay).isBetween(capped / 2, capped).isLessThanOrEqualTo(maxMs);
  }

  @Property
  void backoffNeverShrinksAsFailuresGrowForTheSameJitter(
      @ForAll @IntRange(min = 0, max = 100) int failedDials,
      @ForAll @LongRange(min = 1, max = 10_000) long baseMs,
      @ForAll @LongRange(min = 0, max = 1_000_000) long extraMs,
      @ForAll @DoubleRange(min = 0, max = 1, maxIncluded = false) double jitter) {
    long maxMs = baseMs + extraMs;
    assertThat(Backoff.delayMs(failedDials + 1, baseMs, maxMs, jitter))
        .isGreaterThanOrEqualTo(Backoff.delayMs(failedDials, baseMs, maxMs, jitter));
  }

  @Property
  void bothEndsOfAPairKeepTheSameConnection(
      @ForAll @AlphaChars @StringLength(min = 1, max = 5) String x,
      @ForAll @AlphaChars @StringLength(min = 1, max = 5) String y,
      @ForAll boolean existingDialedByX, @ForAll boolean newDialedByX) {
    Assume.that(!x.equals(y));
    boolean keepNewAtX = TieBreak.keepNew(x, y, existingDialedByX, newDialedByX);
    boolean keepNewAtY = TieBreak.keepNew(y, x, !existingDialedByX, !newDialedByX);
    assertThat(keepNewAtX).isEqualTo(keepNewAtY);
    if (existingDialedByX != newDialedByX) {
      String keptDialer = keepNewAtX == newDialedByX ? x : y;
      assertThat(keptDialer).isEqualTo(TieBreak.winner(x, y));
    }
  }

  private static Handshake hs(String cluster, String id, String node, int version) {
    return Handshake.newBuilder().setClusterName(cluster).setClusterId(id).setNodeId(node)
        .setProtocolVersion(version).build();
  }

  @Property
  void handshakeCompatibilityIsSymmetricAndNeedsSameNameVersionAndKnownIds(
      @ForAll @AlphaChars @StringLength(min = 1, max = 2) String nameA,
      @ForAll @AlphaChars @StringLength(min = 1, max = 2) String nameB,
      @ForAll @AlphaChars @StringLength(max = 1) String idA,
      @ForAll @AlphaChars @StringLength(max = 1) String idB,
      @ForAll @IntRange(min = 1, max = 2) int versionA,
      @ForAll @IntRange(min = 1, max = 2) int versionB) {
    Handshake a = hs(nameA, idA, "a", versionA);
    Handshake b = hs(nameB, idB, "b", versionB);
    boolean compatible = nameA.equals(nameB) && versionA == versionB
        && (idA.isEmpty() || idB.isEmpty() || idA.equals(idB));
    assertThat(HandshakeRules.check(a, b).accepted()).isEqualTo(compatible);
    assertThat(HandshakeRules.check(b, a).accepted()).isEqualTo(compatible);
  }

  @Property
  void aHandshakeWithOurOwnNodeIdIsRefused(@ForAll @AlphaChars @StringLength(min = 1, max = 5) String id) {
    Handshake self = hs("c", "", id, WireProtocol.PROTOCOL_VERSION);
    assertThat(HandshakeRules.check(self, self).code()).isEqualTo(Refusal.REFUSAL_SAME_NODE_ID);
  }
}
