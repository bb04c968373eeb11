/**
 * Cold-start discovery ({@code --discover}): UDP broadcast and multicast requests on the discovery port,
 * answered by nodes of the same cluster name with their peer address. See docs/gossip.md ("Runtime").
 */
package io.tally.server.discovery;
