/**
 * JMH benchmarks of the peer wire format and the Netty peer transport: frame encode + decode of a
 * 100-byte message, and loopback ping/pong round trips between two transports. Never run as tests;
 * figures are recorded in docs/transport.md.
 */
package io.tally.bench.transport;
