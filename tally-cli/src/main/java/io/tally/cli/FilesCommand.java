package io.tally.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code tally files put|get|ls|rm}: files of the default keyspace through any node (docs/files.md).
 * {@code put} uploads by chunks so that an interrupted upload resends only what is missing: it hashes the file in
 * {@value #CHUNK_BYTES}-byte chunks, asks {@code POST /v1/chunks/missing} which ones the cluster lacks, sends only
 * those ({@code PUT /v1/chunks/{sha256}}), then commits the manifest ({@code PUT /v1/files/{name}} with Content-Type
 * {@code application/vnd.tally.manifest+json}). {@code get} streams to a file or stdout (Range with {@code --range}).
 * Runs on the calling thread.
 */
@Command(name = "files", mixinStandardHelpOptions = true, description = "Upload, download, list and delete files.",
    subcommands = {FilesCommand.Put.class, FilesCommand.Get.class, FilesCommand.Ls.class, FilesCommand.Rm.class})
final class FilesCommand implements Runnable {
    /** Chunk size of {@code put} (the server's upload chunk size). */
    static final int CHUNK_BYTES = 1 << 20;
    static final String MANIFEST_TYPE = "application/vnd.tally.manifest+json";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HexFormat HEX = HexFormat.of();
    /** Ids per {@code POST /v1/chunks/missing}. */
    static final int MISSING_BATCH = 5000;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    static String filePath(String name) {
        return "/v1/files/" + ClientCommands.path(name);
    }

    @Command(name = "put", mixinStandardHelpOptions = true,
        description = "Upload a file; an interrupted upload run again sends only the chunks the cluster lacks.")
    static final class Put implements Callable<Integer> {
        @Mixin
        ClientOptions client;
        @Parameters(index = "0", paramLabel = "FILE")
        Path file;
        @Option(names = "--name", paramLabel = "NAME", description = "Name in the cluster (default: the file's name).")
        String name;
        @Option(names = "--content-type", paramLabel = "TYPE", defaultValue = "application/octet-stream")
        String contentType;

        @Override
        public Integer call() throws Exception {
            String target = name != null ? name : file.getFileName().toString();
            Endpoints e = client.open();
            List<String> ids = new ArrayList<>();
            List<Integer> sizes = new ArrayList<>();
            MessageDigest whole = MessageDigest.getInstance("SHA-256");
            long total = 0;
            try (InputStream in = Files.newInputStream(file)) {
                byte[] buf = new byte[CHUNK_BYTES];
                int n;
                while ((n = in.readNBytes(buf, 0, CHUNK_BYTES)) > 0) {
                    whole.update(buf, 0, n);
                    MessageDigest d = MessageDigest.getInstance("SHA-256");
                    d.update(buf, 0, n);
                    ids.add(HEX.formatHex(d.digest()));
                    sizes.add(n);
                    total += n;
                }
            }
            Set<String> missing = new HashSet<>();
            List<String> unique = new ArrayList<>(new LinkedHashSet<>(ids));
            for (int from = 0; from < unique.size(); from += MISSING_BATCH) {
                ObjectNode q = JSON.createObjectNode();
                ArrayNode arr = q.putArray("chunks");
                unique.subList(from, Math.min(unique.size(), from + MISSING_BATCH)).forEach(arr::add);
                Endpoints.Reply r = e.send("POST", "/v1/chunks/missing", JSON.writeValueAsBytes(q), "Content-Type", "application/json");
                if (r.status() != 200) {
                    return ClientCommands.finish(r, System.out, System.err, null);
                }
                JSON.readTree(r.body()).path("missing").forEach(m -> missing.add(m.asText()));
            }
            int sent = 0;
            Set<String> done = new HashSet<>();
            try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
                long offset = 0;
                for (int i = 0; i < ids.size(); i++) {
                    String id = ids.get(i);
                    if (missing.contains(id) && done.add(id)) {
                        byte[] chunk = new byte[sizes.get(i)];
                        raf.seek(offset);
                        raf.readFully(chunk);
                        Endpoints.Reply r = e.send("PUT", "/v1/chunks/" + id, chunk, "Content-Type", "application/octet-stream");
                        if (r.status() != 200) {
                            return ClientCommands.finish(r, System.out, System.err, null);
                        }
                        sent++;
                    }
                    offset += sizes.get(i);
                }
            }
            ObjectNode m = JSON.createObjectNode();
            m.put("size", total);
            m.put("sha256", HEX.formatHex(whole.digest()));
            m.put("content_type", contentType);
            ArrayNode chunks = m.putArray("chunks");
            for (int i = 0; i < ids.size(); i++) {
                chunks.addObject().put("sha256", ids.get(i)).put("size", sizes.get(i));
            }
            Endpoints.Reply r = e.send("PUT", filePath(target), JSON.writeValueAsBytes(m), "Content-Type", MANIFEST_TYPE);
            System.err.println("sent " + sent + " of " + ids.size() + " chunks (" + (ids.size() - sent) + " already stored)");
            return ClientCommands.finish(r, System.out, System.err, null);
        }
    }

    @Command(name = "get", mixinStandardHelpOptions = true, description = "Download a file to --output or stdout.")
    static final class Get implements Callable<Integer> {
        @Mixin
        ClientOptions client;
        @Parameters(index = "0", paramLabel = "NAME")
        String name;
        @Option(names = {"-o", "--output"}, paramLabel = "PATH", description = "Write here (default: stdout).")
        Path output;
        @Option(names = "--range", paramLabel = "SPEC", description = "Only these bytes: a-b, a- or -n (HTTP Range).")
        String range;
        @Option(names = "--serializable", description = "Read this node's state without a ReadIndex round (may be stale).")
        boolean serializable;

        @Override
        public Integer call() throws Exception {
            Endpoints e = client.open();
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).version(HttpClient.Version.HTTP_1_1).build();
            String failures = "";
            for (String ep : e.all()) {
                HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://" + ep + filePath(name)
                    + (serializable ? "?consistency=serializable" : ""))).GET();
                if (range != null) {
                    b.header("Range", "bytes=" + range);
                }
                HttpResponse<InputStream> r;
                try {
                    r = http.send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
                } catch (IOException ex) {
                    failures += ep + ": " + ex.getMessage() + "; ";
                    continue;
                }
                try (InputStream in = r.body()) {
                    if (r.statusCode() == 503) {
                        failures += ep + ": 503; ";
                        in.transferTo(OutputStream.nullOutputStream());
                        continue;
                    }
                    if (r.statusCode() / 100 != 2) {
                        System.err.println("tally: " + r.statusCode() + " from " + ep + ": " + new String(in.readAllBytes(),
                            java.nio.charset.StandardCharsets.UTF_8));
                        return 1;
                    }
                    if (output == null) {
                        in.transferTo(System.out);
                        System.out.flush();
                    } else {
                        Path tmp = output.resolveSibling(output.getFileName() + ".part");
                        Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
                        Files.move(tmp, output, StandardCopyOption.REPLACE_EXISTING);
                    }
                    return 0;
                }
            }
            System.err.println("tally: no endpoint answered (" + failures.replaceAll("; $", "") + ")");
            return 1;
        }
    }

    @Command(name = "ls", mixinStandardHelpOptions = true, description = "List files: name, size, sha256, content type.")
    static final class Ls implements Callable<Integer> {
        @Mixin
        ClientOptions client;
        @Option(names = "--prefix", paramLabel = "P", defaultValue = "")
        String prefix;
        @Option(names = "--limit", paramLabel = "N", defaultValue = "100")
        int limit;
        @Option(names = "--after", paramLabel = "TOKEN", defaultValue = "", description = "Continuation token of the previous page.")
        String after;

        @Override
        public Integer call() throws Exception {
            String q = "?limit=" + limit + "&prefix=" + java.net.URLEncoder.encode(prefix, java.nio.charset.StandardCharsets.UTF_8)
                + "&after=" + java.net.URLEncoder.encode(after, java.nio.charset.StandardCharsets.UTF_8);
            return ClientCommands.finish(client.open().send("GET", "/v1/files" + q, null), System.out, System.err, n -> {
                StringBuilder b = new StringBuilder();
                for (JsonNode f : n.path("files")) {
                    b.append(f.path("name").asText()).append('\t').append(f.path("size").asLong()).append('\t')
                        .append(f.path("sha256").asText()).append('\t').append(f.path("content_type").asText()).append('\n');
                }
                if (!n.path("next").isNull() && !n.path("next").isMissingNode()) {
                    b.append("next: ").append(n.path("next").asText()).append('\n');
                }
                return b.toString().stripTrailing();
            });
        }
    }

    @Command(name = "rm", mixinStandardHelpOptions = true, description = "Delete a file.")
    static final class Rm implements Callable<Integer> {
        @Mixin
        ClientOptions client;
        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @Override
        public Integer call() throws Exception {
            return ClientCommands.finish(client.open().send("DELETE", filePath(name), null), System.out, System.err, n -> "deleted");
        }
    }
}
