/**
 * The compact, versioned binary form of commands and results ({@link io.tally.store.codec.CommandCodec},
 * {@link io.tally.store.codec.ResultCodec}): a format version byte, a tag byte per record type, then the fields
 * as LEB128 varints (zigzag for signed numbers) and length-prefixed UTF-8 or bytes. Decoding checks every
 * length against what is left before it allocates and fails only with {@link io.tally.store.codec.CodecException}.
 * Stateless; any thread. The format is in docs/data-model.md.
 */
package io.tally.store.codec;
