package io.tally.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The client commands {@code tally inc|get|put|del|items|cluster}: each sends one HTTP request (two for {@code get}
 * of a counter) to the cluster through {@link Endpoints} and prints the answer. Exit code 0 on success, 1 when
 * the cluster answered with an error (printed as its JSON on stderr) or could not be reached. Main thread.
 */
final class ClientCommands {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ClientCommands() {
    }

    static String path(String key) {
        StringBuilder b = new StringBuilder();
        for (String seg : key.split("/", -1)) {
            if (b.length() > 0) {
                b.append('/');
            }
            b.append(URLEncoder.encode(seg, StandardCharsets.UTF_8).replace("+", "%20"));
        }
        return b.toString();
    }

    /** Prints the reply: its body on success (exit 0), the error on stderr otherwise (exit 1). */
    static int finish(Endpoints.Reply r, PrintStream out, PrintStream err, java.util.function.Function<JsonNode, String> render) throws Exception {
        if (r.status() / 100 != 2) {
            err.println("tally: " + r.status() + " from " + r.endpoint() + ": " + r.body());
            return 1;
        }
        out.println(render == null ? r.body() : render.apply(JSON.readTree(r.body())));
        return 0;
    }

    @Command(name = "inc", mixinStandardHelpOptions = true, description = "Add to a counter of the default keyspace and print its new value.")
    static final class Inc implements Callable<Integer> {
        @Mixin
        ClientOptions client;
        @Parameters(index = "0", paramLabel = "KEY")
        String key;
        @Option(names = {"-d", "--delta"}, defaultValue = "1", description = "Amount to add, 64-bit signed (default 1).")
        long delta;
        @Option(names = "--idempotency-key", paramLabel = "K", description = "Retries with the same key count once.")
        String idempotencyKey;

        @Override
        public Integer call() throws Exception {
            Endpoints e = client.open();
            byte[] body = ("{\"delta\":" + delta + "}").getBytes(StandardCharsets.UTF_8);
            Endpoints.Reply r = idempotencyKey == null
                    ? e.send("POST", "/v1/counters/" + path(key), body, "Content-Type", "application/json")
                    : e.send("POST", "/v1/counters/" + path(key), body, "Content-Type", "application/json", "Idempotency-Key", idempotencyKey);
            return finish(r, System.out, System.err, n -> n.path("value").asText());
        }
    }

    @Command(name = "get", mixinStandardHelpOptions = true,
        description = "Print a value (its bytes) or a counter (its number) of the default keyspace.")
    static final class Get implements Callable<Integer> {
        @Mixin
        ClientOptions client;
        @Parameters(index = "0", paramLabel = "KEY")
        String key;
        @Option(names = "--serializable", description = "Read locally on the node (may be stale) instead of linearizably.")
        boolean serializable;

        @Override
        public Integer call() throws Exception {
            Endpoints e = client.open();
            String q = serializable ? "?consistency=serializable" : "";
            Endpoints.Reply r = e.send("GET", "/v1/kv/" + path(key) + q, null);
            if (r.status() == 409 && r.body().contains("wrong_type")) {
                return finish(e.send("GET", "/v1/counters/" + path(key) + q, null), System.out, System.err, n -> n.path("value").asText());
            }
            return finish(r, System.out, System.err, null);
        }
    }

    @Command(name = "put", mixinStandardHelpOptions = true, description = "Store a value in the default keyspace and print its version.")
    static final class Put implements Callable<Integer> {
        @Mixin
        ClientOptions client;
        @Parameters(index = "0", paramLabel = "KEY")
        String key;
        @Parameters(index = "1", paramLabel = "VALUE", arity = "0..1", description = "The value (or use --file).")
        String value;
        @Option(names = "--file", paramLabel = "PATH", description = "Read the value from this file.")
        Path file;
        @Option(names = "--content-type", paramLabel = "TYPE", defaultValue = "text/plain; charset=utf-8")
        String contentType;
        @Option(names = "--if-match", paramLabel = "VERSION", description = "Only if the current version is this (compare-and-set).")
        Long ifMatch;
        @Option(names = "--create-only", description = "Only if the key does not exist.")
        boolean createOnly;

        @Override
        public Integer call() throws Exception {
            if ((value == null) == (file == null)) {
                System.err.println("tally put: expected either VALUE or --file");
                return 2;
            }
            byte[] body = file != null ? Files.readAllBytes(file) : value.getBytes(StandardCharsets.UTF_8);
            List<String> h = new ArrayList<>(List.of("Content-Type", contentType));
            if (ifMatch != null) {
                h.addAll(List.of("If-Match", "\"" + ifMatch + "\""));
            }
            if (createOnly) {
                h.addAll(List.of("If-None-Match", "*"));
            }
            Endpoints.Reply r = client.open().send("PUT", "/v1/kv/" + path(key), body, h.toArray(String[]::new));
            return finish(r, System.out, System.err, n -> n.path("version").asText());
        }
    }

    @Command(name = "del", mixinStandardHelpOptions = true, description = "Delete a value or counter of the default keyspace.")
    static final class Del implements Callable<Integer> {
        @Mixin
        ClientOptions client;
        @Parameters(index = "0", paramLabel = "KEY")
        String key;

        @Override
        public Integer call() throws Exception {
            return finish(client.open().send("DELETE", "/v1/kv/" + path(key), null), System.out, System.err, n -> "deleted");
        }
    }

    @Command(name = "items", mixinStandardHelpOptions = true, description = "Add tenant items or count a tenant's items.",
        subcommands = {Items.Add.class, Items.Count.class})
    static final class Items implements Runnable {
        @picocli.CommandLine.Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Override
        public void run() {
            spec.commandLine().usage(System.out);
        }

        @Command(name = "add", mixinStandardHelpOptions = true, description = "Assign items to a tenant (all or nothing).")
        static final class Add implements Callable<Integer> {
            @Mixin
            ClientOptions client;
            @Parameters(index = "0", paramLabel = "TENANT")
            String tenant;
            @Parameters(index = "1..*", arity = "1..*", paramLabel = "ID", description = "Item ids (integers or strings).")
            List<String> ids;

            @Override
            public Integer call() throws Exception {
                var arr = JSON.createArrayNode();
                for (String id : ids) {
                    var o = arr.addObject();
                    if (id.matches("-?\\d{1,18}")) {
                        o.put("id", Long.parseLong(id));
                    } else {
                        o.put("id", id);
                    }
                    o.put("tenant", tenant);
                }
                Endpoints.Reply r = client.open().send("POST", "/v1/items", JSON.writeValueAsBytes(arr), "Content-Type", "application/json");
                return finish(r, System.out, System.err, n -> n.path("accepted").asText());
            }
        }

        @Command(name = "count", mixinStandardHelpOptions = true, description = "Print how many items a tenant holds.")
        static final class Count implements Callable<Integer> {
            @Mixin
            ClientOptions client;
            @Parameters(index = "0", paramLabel = "TENANT")
            String tenant;

            @Override
            public Integer call() throws Exception {
                return finish(client.open().send("GET", "/v1/items/" + path(tenant) + "/count", null), System.out, System.err,
                        n -> n.path("count").asText());
            }
        }
    }

    @Command(name = "cluster", mixinStandardHelpOptions = true,
        description = "Print the cluster as a node sees it (members, leader, term, indexes), or change its membership.",
        subcommands = {Cluster.Add.class, Cluster.Remove.class, Cluster.Promote.class, Cluster.TransferLeader.class})
    static final class Cluster implements Callable<Integer> {
        @Mixin
        ClientOptions client;

        @Override
        public Integer call() throws Exception {
            Endpoints.Reply r = client.open().send("GET", "/v1/cluster", null);
            return finish(r, System.out, System.err, ClientCommands::clusterText);
        }

        /** Sends an administration request to the leader (found through /v1/cluster of any endpoint). */
        static int toLeader(ClientOptions client, String method, String path, String body) throws Exception {
            Endpoints any = client.open();
            JsonNode c = JSON.readTree(any.send("GET", "/v1/cluster", null).body());
            String leader = c.path("leader").asText("");
            String http = null;
            for (JsonNode m : c.path("members")) {
                if (m.path("id").asText().equals(leader)) {
                    http = m.path("http").asText(null);
                }
            }
            if (leader.isEmpty() || http == null) {
                System.err.println("tally cluster: no leader known right now; retry shortly");
                return 1;
            }
            Endpoints lead = new Endpoints(List.of(http), java.time.Duration.ofSeconds(15));
            Endpoints.Reply r = lead.send(method, path, body == null ? null : body.getBytes(StandardCharsets.UTF_8), "Content-Type", "application/json");
            return finish(r, System.out, System.err, null);
        }

        @Command(name = "add", mixinStandardHelpOptions = true, description = "Add a node (started with --join) as a learner, or a voter with --voter.")
        static final class Add implements Callable<Integer> {
            @Mixin
            ClientOptions client;
            @Parameters(index = "0", paramLabel = "ID")
            String id;
            @Option(names = "--voter", description = "Add as a voter at once (default: learner, promote later).")
            boolean voter;

            @Override
            public Integer call() throws Exception {
                var o = JSON.createObjectNode().put("id", id).put("role", voter ? "voter" : "learner");
                return toLeader(client, "POST", "/v1/cluster/members", o.toString());
            }
        }

        @Command(name = "remove", mixinStandardHelpOptions = true, description = "Remove a node from the Raft group.")
        static final class Remove implements Callable<Integer> {
            @Mixin
            ClientOptions client;
            @Parameters(index = "0", paramLabel = "ID")
            String id;

            @Override
            public Integer call() throws Exception {
                return toLeader(client, "DELETE", "/v1/cluster/members/" + path(id), null);
            }
        }

        @Command(name = "promote", mixinStandardHelpOptions = true, description = "Make a learner a voter.")
        static final class Promote implements Callable<Integer> {
            @Mixin
            ClientOptions client;
            @Parameters(index = "0", paramLabel = "ID")
            String id;

            @Override
            public Integer call() throws Exception {
                return toLeader(client, "POST", "/v1/cluster/members/" + path(id) + "/promote", null);
            }
        }

        @Command(name = "transfer-leader", mixinStandardHelpOptions = true, description = "Hand leadership to a voter.")
        static final class TransferLeader implements Callable<Integer> {
            @Mixin
            ClientOptions client;
            @Parameters(index = "0", paramLabel = "ID")
            String id;

            @Override
            public Integer call() throws Exception {
                return toLeader(client, "POST", "/v1/cluster/leader", JSON.createObjectNode().put("id", id).toString());
            }
        }
    }

    static String clusterText(JsonNode c) {
        StringBuilder b = new StringBuilder();
        JsonNode raft = c.path("raft");
        b.append(String.format("cluster %s  leader %s  term %d  commit %d  applied %d%n", c.path("cluster").path("name").asText(),
                c.path("leader").isNull() ? "-" : c.path("leader").asText(), raft.path("term").asLong(),
                raft.path("commit_index").asLong(), raft.path("applied_index").asLong()));
        b.append(String.format("%-12s %-22s %-22s %-8s %s%n", "ID", "HTTP", "PEER", "STATE", "ROLE"));
        for (JsonNode m : c.path("members")) {
            b.append(String.format("%-12s %-22s %-22s %-8s %s%s%n", m.path("id").asText(), m.path("http").asText("-"),
                    m.path("peer").asText(), m.path("state").asText(), m.path("role").asText(), m.path("self").asBoolean() ? " (self)" : ""));
        }
        return b.toString().stripTrailing();
    }
}
