package dev.eventpipe.cli.console;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The checks every request passes before a handler sees it: a Host header naming this server (DNS
 * rebinding: a page of another site that resolves its name to 127.0.0.1 sends its own Host), and for a
 * POST an Origin of this server plus the CSRF token of this run (a form of another site can do neither).
 */
final class RequestGuard {

    private final Set<String> hosts;
    private final String token;

    /**
     * @param hosts the {@code host:port} forms that name this server, lower case
     * @param token this run's CSRF token
     */
    RequestGuard(Set<String> hosts, String token) {
        this.hosts = Set.copyOf(hosts);
        this.token = token;
    }

    static Set<String> loopbackHosts(String bindHost, int port) {
        String h = bindHost.toLowerCase(Locale.ROOT);
        Set<String> hosts = new java.util.HashSet<>(Set.of("127.0.0.1:" + port, "localhost:" + port, "[::1]:" + port));
        hosts.add((h.contains(":") && !h.startsWith("[") ? "[" + h + "]" : h) + ":" + port);
        return hosts;
    }

    String token() {
        return token;
    }

    boolean hostAllowed(Optional<String> host) {
        return host.map(h -> hosts.contains(h.trim().toLowerCase(Locale.ROOT))).orElse(false);
    }

    /** A POST may act when its Origin is this server's and its token is this run's. */
    boolean postAllowed(Optional<String> origin, Optional<String> host, Optional<String> formToken) {
        if (origin.isEmpty() || host.isEmpty() || formToken.isEmpty()) {
            return false;
        }
        String o = origin.get().trim().toLowerCase(Locale.ROOT);
        boolean sameOrigin = o.equals("http://" + host.get().trim().toLowerCase(Locale.ROOT)) && hostAllowed(host);
        return sameOrigin && MessageDigest.isEqual(formToken.get().getBytes(StandardCharsets.UTF_8),
                token.getBytes(StandardCharsets.UTF_8));
    }
}
