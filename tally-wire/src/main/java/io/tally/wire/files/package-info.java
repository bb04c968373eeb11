/**
 * Codec of the file-chunk peer messages ({@code files.proto}, Envelope field 310): chunk push and ack, fetch and
 * reply, and the "which chunks do you have" query. Decoding never throws on bad input.
 */
package io.tally.wire.files;
