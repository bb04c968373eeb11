package io.tally.server.core;

import io.tally.server.config.HostPort;
import java.util.Objects;
import java.util.Optional;

/** What is known about how to reach a member: id and addresses. Immutable. */
public record MemberInfo(String id, HostPort peer, Optional<HostPort> http, Optional<HostPort> resp) {
    public MemberInfo {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(peer, "peer");
        Objects.requireNonNull(http, "http");
        Objects.requireNonNull(resp, "resp");
    }
}
