/**
 * Tally's peer transport on Netty: one TCP connection per peer pair carrying length-prefixed
 * Protobuf frames after a handshake, bounded per-peer outbound queues with backpressure, reconnect
 * with jittered exponential backoff, and a UDP channel on the same host:port for gossip datagrams.
 *
 * <p>Entry point: {@link io.tally.transport.PeerTransport#start}. Inbound traffic is reported to a
 * {@link io.tally.transport.TransportHandler} on the transport's single I/O thread. See
 * {@code docs/transport.md} for the frame format, handshake, tie-break and drop policy.
 */
package io.tally.transport;
