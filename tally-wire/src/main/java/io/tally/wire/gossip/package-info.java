/**
 * Protobuf codecs of the SWIM messages of {@code tally-gossip}: compound UDP datagrams
 * ({@link io.tally.wire.gossip.GossipCodec#packDatagrams}, {@link io.tally.wire.gossip.GossipCodec#decodeDatagram})
 * and the full-state push-pull carried by the TCP {@code Envelope}. Pure functions, any thread.
 */
package io.tally.wire.gossip;
