package io.tally.transport;

/**
 * Which of two connections between the same pair of nodes survives. Both nodes evaluate the same
 * rule on the same facts and so close the same connection:
 *
 * <ul>
 *   <li>a new connection dialed by the same side as the existing one replaces it (that side
 *       redialed, so it considers the old one dead);
 *   <li>otherwise the connection dialed by the node with the smaller id (String order) is kept.
 * </ul>
 *
 * Pure; any thread.
 */
final class TieBreak {
  private TieBreak() {}

  /**
   * Whether the new connection replaces the existing one.
   *
   * @param localNodeId this node's id
   * @param remoteNodeId the peer's id
   * @param existingDialedByUs whether this node dialed the existing connection
   * @param newDialedByUs whether this node dialed the new connection
   */
  static boolean keepNew(String localNodeId, String remoteNodeId, boolean existingDialedByUs,
      boolean newDialedByUs) {
    if (existingDialedByUs == newDialedByUs) {
      return true;
    }
    boolean localIsSmaller = localNodeId.compareTo(remoteNodeId) < 0;
    return newDialedByUs == localIsSmaller;
  }

  /** The node id whose dialed connection wins when both sides dialed. */
  static String winner(String a, String b) {
    return a.compareTo(b) <= 0 ? a : b;
  }
}
