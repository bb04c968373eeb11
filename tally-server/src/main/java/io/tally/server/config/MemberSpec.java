package io.tally.server.config;

import java.util.Objects;
import java.util.Optional;

/**
 * One initial member listed in the config file ({@code members:}): its node id and addresses. The peer
 * address is required (it is how the node is reached); HTTP and RESP addresses are informative.
 */
public record MemberSpec(String id, HostPort peer, Optional<HostPort> http, Optional<HostPort> resp) {
    public MemberSpec {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(peer, "peer");
        Objects.requireNonNull(http, "http");
        Objects.requireNonNull(resp, "resp");
    }
}
