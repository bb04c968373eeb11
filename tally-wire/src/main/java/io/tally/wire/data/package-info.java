/** Protobuf codec of forwarded data-layer requests and their replies ({@link io.tally.wire.data.DataCodec}). */
package io.tally.wire.data;
