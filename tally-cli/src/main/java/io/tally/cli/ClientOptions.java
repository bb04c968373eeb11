package io.tally.cli;

import java.time.Duration;
import picocli.CommandLine.Option;

/** Options shared by the client commands: where the cluster is and how long a request may take. */
final class ClientOptions {
    @Option(names = {"-e", "--endpoints"}, paramLabel = "HOST:PORT,...", defaultValue = "${env:TALLY_ENDPOINTS:-127.0.0.1:7001}",
        description = "HTTP endpoints of any nodes, tried in order on failure (default: $TALLY_ENDPOINTS or 127.0.0.1:7001).")
    String endpoints;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "15s", description = "Per-request timeout (default 15s).")
    String timeout;

    Endpoints open() {
        long ms = io.tally.server.config.ConfigValues.durationMs(timeout, 1, 3_600_000);
        return new Endpoints(Endpoints.parse(endpoints), Duration.ofMillis(ms));
    }
}
