package io.tally.cli.gossip;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A private broadcast domain for tests: {@code count} network namespaces, each with one veth interface
 * {@code eth0} at {@code prefix + (i + 1)}/24, joined by a bridge that lives in a hub namespace of its own
 * (nothing is added to the host's namespace). {@link #close} deletes every namespace it created (which
 * also removes their interfaces). Needs root and the {@code ip} command (iproute2).
 */
public final class NetworkNamespaces implements AutoCloseable {

    private final String tag;
    private final String prefix;
    private final List<String> created = new ArrayList<>();
    private final int count;

    private NetworkNamespaces(String tag, String prefix, int count) {
        this.tag = tag;
        this.prefix = prefix;
        this.count = count;
    }

    /** Why these tests cannot run here (not root, no {@code ip}), or null if they can. */
    public static String unavailableReason() {
        if (ip() == null) {
            return "the 'ip' command (Debian package iproute2) is missing";
        }
        try {
            Process p = new ProcessBuilder("id", "-u").redirectErrorStream(true).start();
            String uid = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            p.waitFor(5, TimeUnit.SECONDS);
            if (!uid.equals("0")) {
                return "network namespaces need root (running as uid " + uid + ")";
            }
        } catch (IOException e) {
            return "cannot tell whether this is root: " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
        return null;
    }

    private static String ip() {
        for (String p : List.of("/usr/sbin/ip", "/sbin/ip", "/usr/bin/ip", "/bin/ip")) {
            if (Files.isExecutable(Path.of(p))) {
                return p;
            }
        }
        return null;
    }

    /**
     * Creates the namespaces, veths and bridge.
     *
     * @param tag short unique name part (letters and digits, at most 8) so parallel runs do not collide
     * @param prefix the first three octets and a dot of a private /24 only these namespaces use
     * @throws IOException with ip's output when a step fails (everything created so far is removed)
     */
    public static NetworkNamespaces create(String tag, String prefix, int count) throws IOException {
        NetworkNamespaces n = new NetworkNamespaces(tag, prefix, count);
        try {
            n.build();
        } catch (IOException | RuntimeException e) {
            n.close();
            throw e;
        }
        return n;
    }

    private void build() throws IOException {
        String hub = tag + "hub";
        ns(hub);
        run("-n", hub, "link", "add", "br0", "type", "bridge");
        run("-n", hub, "link", "set", "br0", "up");
        for (int i = 0; i < count; i++) {
            String ns = namespace(i);
            ns(ns);
            run("-n", hub, "link", "add", "v" + i, "type", "veth", "peer", "name", "eth0", "netns", ns);
            run("-n", hub, "link", "set", "v" + i, "master", "br0");
            run("-n", hub, "link", "set", "v" + i, "up");
            run("-n", ns, "addr", "add", address(i) + "/24", "brd", "+", "dev", "eth0");
            run("-n", ns, "link", "set", "eth0", "up");
            run("-n", ns, "link", "set", "lo", "up");
        }
    }

    private void ns(String name) throws IOException {
        run("netns", "add", name);
        created.add(name);
    }

    /** Name of namespace {@code i}. */
    public String namespace(int i) {
        return tag + "n" + i;
    }

    /** IPv4 address of namespace {@code i}'s interface. */
    public String address(int i) {
        return prefix + (i + 1);
    }

    /** {@code command} prefixed to run inside namespace {@code i}. */
    public List<String> exec(int i, List<String> command) {
        List<String> out = new ArrayList<>(List.of(ip(), "netns", "exec", namespace(i)));
        out.addAll(command);
        return out;
    }

    private static void run(String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(ip()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        try {
            if (!p.waitFor(20, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException(String.join(" ", cmd) + " did not finish within 20 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted running " + String.join(" ", cmd), e);
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        if (p.exitValue() != 0) {
            throw new IOException(String.join(" ", cmd) + " failed (exit " + p.exitValue() + "): " + out);
        }
    }

    /** Deletes every namespace created (their interfaces and the bridge go with them). */
    @Override
    public void close() {
        for (int i = created.size() - 1; i >= 0; i--) {
            try {
                run("netns", "del", created.get(i));
            } catch (IOException e) {
                System.err.println("could not delete network namespace " + created.get(i) + ": " + e.getMessage());
            }
        }
        created.clear();
    }
}
