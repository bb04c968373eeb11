package io.tally.transport;

/**
 * Reconnect delay: exponential in the number of failed dials, capped, with "equal jitter" (a
 * uniformly random point in the upper half of the capped delay) so that peers that lost each other
 * at the same moment do not redial in lockstep. Pure; any thread.
 */
final class Backoff {
  private Backoff() {}

  /**
   * The delay before the next dial, in milliseconds.
   *
   * @param failedDials dials that failed since the last successful handshake (0 for the first
   *     reconnect)
   * @param baseMs delay before jitter after 0 failures
   * @param maxMs cap of the delay before jitter
   * @param jitter01 a random number in [0, 1)
   * @return a delay in [capped / 2, capped] where capped = min(maxMs, baseMs * 2^failedDials)
   */
  static long delayMs(int failedDials, long baseMs, long maxMs, double jitter01) {
    if (failedDials < 0 || baseMs <= 0 || maxMs < baseMs || jitter01 < 0 || jitter01 >= 1) {
      throw new IllegalArgumentException("expected failedDials >= 0, 0 < baseMs <= maxMs and jitter in [0,1), got "
          + failedDials + ", " + baseMs + ", " + maxMs + ", " + jitter01);
    }
    int shift = Math.min(failedDials, 62);
    long capped = baseMs > (maxMs >> shift) ? maxMs : Math.min(maxMs, baseMs << shift);
    long half = capped / 2;
    return half + (long) ((capped - half) * jitter01);
  }
}
