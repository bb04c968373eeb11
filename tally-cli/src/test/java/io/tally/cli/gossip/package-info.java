/** Helpers of the gossip multi-process tests ({@code Gossip*IT}): polling member views over HTTP. */
package io.tally.cli.gossip;
