package dev.eventpipe.testkit.faults;

import dev.eventpipe.shared.lifecycle.DaemonThreads;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

/**
 * An HTTP/1.1 proxy on {@code 127.0.0.1} and a port the OS picks, in front of one plain-HTTP endpoint
 * (an emulator's S3 or SQS), that applies a {@link FaultPlan} to every request. Point a client's endpoint
 * at {@link #endpoint()} instead of the emulator's.
 *
 * <p>It speaks just enough HTTP for the AWS SDK: keep-alive, Content-Length and chunked bodies in both
 * directions, {@code Expect: 100-continue} (answered by the proxy itself, so the faults land on whole
 * requests). The error responses have the shapes the SDK parses: S3's XML {@code <Error><Code>}, and
 * SQS's JSON {@code __type} with the {@code x-amzn-query-error} header.
 *
 * <p>For tests only: one thread per connection, everything bounded by the test's own requests.
 */
public final class FaultProxy implements AutoCloseable {

    /** Which error shapes to answer with. */
    public enum Service { S3, SQS }

    private final URI target;
    private final Service service;
    private final FaultPlan plan;
    private final ServerSocket server;
    private final ExecutorService connections;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;
    /** A request whose start line matches gets this fault instead of the plan's draw; null when none. */
    private volatile Rule rule;
    private final AtomicLong forced = new AtomicLong();

    private record Rule(Predicate<String> startLine, Fault fault) {
    }

    private FaultProxy(URI target, Service service, FaultPlan plan, ServerSocket server) {
        this.target = target;
        this.service = service;
        this.plan = plan;
        this.server = server;
        this.connections = Executors.newCachedThreadPool(DaemonThreads.named("fault-proxy-" + service.name().toLowerCase(Locale.ROOT)));
    }

    /** Starts proxying to {@code target} ({@code http://host:port}). */
    public static FaultProxy start(URI target, Service service, FaultPlan plan) {
        Objects.requireNonNull(target, "target");
        if (!"http".equals(target.getScheme()) || target.getPort() < 0) {
            throw new IllegalArgumentException("expected http://host:port, was " + target);
        }
        try {
            ServerSocket server = new ServerSocket();
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
            FaultProxy proxy = new FaultProxy(target, service, plan, server);
            proxy.connections.submit(proxy::accept);
            return proxy;
        } catch (IOException e) {
            throw new UncheckedIOException("starting the fault proxy", e);
        }
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getLocalPort());
    }

    public FaultPlan plan() {
        return plan;
    }

    /**
     * From now on every request whose start line ({@code GET /bucket/key?x-id=GetObject HTTP/1.1}) matches gets
     * {@code fault}, whatever the plan draws (the plan is not consulted for it, so its sequence is unchanged
     * for the others): a cause that lasts until {@link #clearRule()}. Replaces an earlier rule.
     */
    public void failMatching(Predicate<String> startLine, Fault fault) {
        Objects.requireNonNull(startLine, "startLine");
        if (fault == Fault.NONE || fault == Fault.LATENCY) {
            throw new IllegalArgumentException("a rule must fail the request: " + fault);
        }
        rule = new Rule(startLine, fault);
    }

    /** The cause removed: requests go by the plan again. */
    public void clearRule() {
        rule = null;
    }

    /** Requests failed by a {@link #failMatching} rule so far. */
    public long forced() {
        return forced.get();
    }

    private Fault faultFor(Message request) {
        Rule r = rule;
        if (r != null && r.startLine().test(request.startLine())) {
            forced.incrementAndGet();
            return r.fault();
        }
        return plan.next();
    }

    private void accept() {
        while (!closed) {
            try {
                Socket client = server.accept();
                open.add(client);
                connections.submit(() -> serve(client));
            } catch (IOException e) {
                if (!closed) {
                    continue;
                }
                return;
            }
        }
    }

    /** One client connection: requests one after another on one upstream connection. */
    private void serve(Socket client) {
        Socket upstream = null;
        InputStream upIn = null;
        try (client) {
            client.setTcpNoDelay(true);
            InputStream in = new java.io.BufferedInputStream(client.getInputStream(), 64 * 1024);
            OutputStream out = client.getOutputStream();
            while (!closed) {
                Message request = Message.read(in, out, true, false);
                if (request == null) {
                    return; // the client closed the connection between requests
                }
                Fault fault = faultFor(request);
                switch (fault) {
                    case INTERNAL_ERROR, SLOW_DOWN, THROTTLING, ACCESS_DENIED -> {
                        out.write(errorResponse(fault));
                        out.flush();
                        continue;
                    }
                    case LATENCY -> sleep(plan.latency().toMillis());
                    default -> {
                    }
                }
                Message response = null;
                for (int attempt = 0; attempt < 2 && response == null; attempt++) {
                    if (upstream == null || attempt > 0) {
                        // The first request, or the endpoint had closed the idle keep-alive connection: a new one, once.
                        if (upstream != null) {
                            open.remove(upstream);
                            upstream.close();
                        }
                        upstream = new Socket(target.getHost(), target.getPort());
                        upstream.setTcpNoDelay(true);
                        open.add(upstream);
                        upIn = new java.io.BufferedInputStream(upstream.getInputStream(), 64 * 1024);
                    }
                    try {
                        OutputStream up = upstream.getOutputStream();
                        up.write(request.bytes());
                        up.flush();
                        response = Message.read(upIn, null, false, request.head());
                    } catch (IOException stale) {
                        if (attempt > 0) {
                            throw stale;
                        }
                    }
                }
                if (response == null) {
                    throw new EOFException("the endpoint closed the connection without answering");
                }
                if (fault == Fault.RESET_MID_RESPONSE || fault == Fault.TRUNCATED_BODY) {
                    byte[] bytes = response.bytes();
                    int body = bytes.length - response.bodyStart();
                    // Half the body; a response without one loses half its headers instead.
                    int cut = body > 0 ? response.bodyStart() + body / 2 : response.bodyStart() / 2;
                    out.write(bytes, 0, cut);
                    out.flush();
                    if (fault == Fault.RESET_MID_RESPONSE) {
                        client.setSoLinger(true, 0); // close() now sends RST, not FIN
                    }
                    return;
                }
                out.write(response.bytes());
                out.flush();
                if (response.closeAfter()) {
                    return;
                }
                if (request.closeAfter()) {
                    return;
                }
            }
        } catch (IOException e) {
            // the client or the endpoint went away: nothing to answer
        } finally {
            if (upstream != null) {
                open.remove(upstream);
                try {
                    upstream.close();
                } catch (IOException ignored) {
                    // closing
                }
            }
            open.remove(client);
        }
    }

    private byte[] errorResponse(Fault fault) {
        int status;
        String code;
        if (service == Service.S3) {
            status = switch (fault) {
                case INTERNAL_ERROR -> 500;
                case ACCESS_DENIED -> 403;
                default -> 503;
            };
            code = switch (fault) {
                case INTERNAL_ERROR -> "InternalError";
                case ACCESS_DENIED -> "AccessDenied";
                default -> "SlowDown";
            };
            String body = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>" + code + "</Code><Message>injected "
                    + code + "</Message><RequestId>fault-proxy</RequestId></Error>";
            return response(status, code, "application/xml", body, null);
        }
        status = switch (fault) {
            case INTERNAL_ERROR -> 500;
            case SLOW_DOWN -> 503;
            default -> 400;
        };
        code = switch (fault) {
            case INTERNAL_ERROR -> "InternalFailure";
            case SLOW_DOWN -> "ServiceUnavailable";
            case ACCESS_DENIED -> "AccessDenied";
            default -> "ThrottlingException";
        };
        String body = "{\"__type\":\"com.amazonaws.sqs#" + code + "\",\"message\":\"injected " + code + "\"}";
        return response(status, code, "application/x-amz-json-1.0", body, code + ";" + (status == 400 ? "Sender" : "Receiver"));
    }

    private static byte[] response(int status, String reason, String type, String body, String queryError) {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        String head = "HTTP/1.1 " + status + " " + reason + "\r\nContent-Type: " + type + "\r\nContent-Length: " + b.length
                + "\r\nx-amz-request-id: fault-proxy\r\nx-amzn-RequestId: fault-proxy\r\n"
                + (queryError == null ? "" : "x-amzn-query-error: " + queryError + "\r\n") + "\r\n";
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(head.getBytes(StandardCharsets.ISO_8859_1));
        out.writeBytes(b);
        return out.toByteArray();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        closed = true;
        try {
            server.close();
        } catch (IOException ignored) {
            // closing
        }
        for (Socket s : List.copyOf(open)) {
            try {
                s.close();
            } catch (IOException ignored) {
                // closing
            }
        }
        connections.shutdownNow();
    }

    /**
     * One HTTP message as raw bytes (start line, headers, body), re-encoded only where the proxy must: an
     * {@code Expect: 100-continue} request loses that header (the proxy already answered 100).
     */
    record Message(byte[] bytes, int bodyStart, boolean head, boolean closeAfter) {

        /** The request or status line, without its CRLF. */
        String startLine() {
            int end = 0;
            while (end < bytes.length && bytes[end] != '\r') {
                end++;
            }
            return new String(bytes, 0, end, StandardCharsets.ISO_8859_1);
        }

        /**
         * @param continueTo where to answer {@code 100 Continue}, for a request; null for a response
         * @param headRequest a response to a HEAD request: no body whatever its headers say
         * @return null at a clean end of stream before any byte
         */
        static Message read(InputStream in, OutputStream continueTo, boolean isRequest, boolean headRequest) throws IOException {
            String start = line(in, true);
            if (start == null) {
                return null;
            }
            List<String> headers = new ArrayList<>();
            for (String h = line(in, false); !h.isEmpty(); h = line(in, false)) {
                headers.add(h);
            }
            long length = -1;
            boolean chunked = false;
            boolean expect = false;
            boolean close = false;
            for (String h : headers) {
                int colon = h.indexOf(':');
                String name = colon < 0 ? h : h.substring(0, colon).trim().toLowerCase(Locale.ROOT);
                String value = colon < 0 ? "" : h.substring(colon + 1).trim();
                switch (name) {
                    case "content-length" -> length = Long.parseLong(value);
                    case "transfer-encoding" -> chunked = value.toLowerCase(Locale.ROOT).contains("chunked");
                    case "expect" -> expect = value.equalsIgnoreCase("100-continue");
                    case "connection" -> close = value.equalsIgnoreCase("close");
                    default -> {
                    }
                }
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.writeBytes((start + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
            for (String h : headers) {
                if (!(isRequest && h.toLowerCase(Locale.ROOT).startsWith("expect:"))) {
                    out.writeBytes((h + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
                }
            }
            out.writeBytes("\r\n".getBytes(StandardCharsets.ISO_8859_1));
            int bodyStart = out.size();
            if (isRequest && expect && continueTo != null) {
                continueTo.write("HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
                continueTo.flush();
            }
            int status = isRequest ? 0 : Integer.parseInt(start.split(" ")[1]);
            boolean noBody = headRequest || status / 100 == 1 || status == 204 || status == 304;
            boolean head = isRequest && start.startsWith("HEAD ");
            if (noBody) {
                return new Message(out.toByteArray(), bodyStart, head, close);
            }
            if (chunked) {
                while (true) {
                    String size = line(in, false);
                    out.writeBytes((size + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
                    int n = Integer.parseInt(size.split(";")[0].trim(), 16);
                    if (n == 0) {
                        for (String t = line(in, false); ; t = line(in, false)) { // trailers, then the blank line
                            out.writeBytes((t + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
                            if (t.isEmpty()) {
                                break;
                            }
                        }
                        break;
                    }
                    out.writeBytes(in.readNBytes(n));
                    out.writeBytes(line(in, false).getBytes(StandardCharsets.ISO_8859_1));
                    out.writeBytes("\r\n".getBytes(StandardCharsets.ISO_8859_1));
                }
            } else if (length >= 0) {
                byte[] body = in.readNBytes((int) length);
                if (body.length < length) {
                    throw new EOFException("the body ended early");
                }
                out.writeBytes(body);
            } else if (!isRequest) {
                out.writeBytes(in.readAllBytes()); // a response delimited by the end of the connection
                close = true;
            }
            return new Message(out.toByteArray(), bodyStart, head, close);
        }

        /** One CRLF-terminated line without its terminator; null at a clean end of stream if {@code eofOk}. */
        private static String line(InputStream in, boolean eofOk) throws IOException {
            ByteArrayOutputStream b = new ByteArrayOutputStream(128);
            int c;
            while ((c = in.read()) >= 0) {
                if (c == '\n') {
                    byte[] bytes = b.toByteArray();
                    int n = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
                    return new String(bytes, 0, n, StandardCharsets.ISO_8859_1);
                }
                b.write(c);
            }
            if (eofOk && b.size() == 0) {
                return null;
            }
            throw new EOFException("the stream ended inside a line");
        }
    }
}
