package dev.eventpipe.local.emulator;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.locks.ReentrantLock;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.ContentCachingResponseWrapper;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

/**
 * The servlet filter in S3Mock that turns every successful PutObject, CopyObject and
 * CompleteMultipartUpload, by any client, into an {@link ObjectCreated} for the listener.
 *
 * <p>Ordering: the request runs with S3Mock's response held back in a buffer (a
 * {@link ContentCachingResponseWrapper}, which also keeps S3Mock's {@code flushBuffer()} from committing
 * it). Only when S3Mock answered 2xx, and the listener returned, is the response released to the client.
 * So a client that got 200 knows its notification was handed over (for {@link S3NotificationPublisher}:
 * accepted by SQS); if the listener throws, the client gets 500 {@code InternalError} instead and
 * retries, which writes the same object again and notifies again. The price is the listener's latency on
 * each write (one local SQS send, a few milliseconds).
 *
 * <p>Writes (and deletes) of one key are serialised by {@link KeyLocks} from the request until the
 * listener returned: the size read back after a copy is that of the version the copy wrote, and events
 * of a key reach the listener, with growing sequencers, in the order the writes happened.
 */
final class ObjectCreatedFilter extends OncePerRequestFilter {

    private static final Logger LOG = LoggerFactory.getLogger(ObjectCreatedFilter.class);

    private final ObjectCreatedListener listener;
    private final StoredObjects stored;
    private final Clock clock;
    private final Sequencer sequencer;
    private final KeyLocks locks = new KeyLocks(64);

    ObjectCreatedFilter(ObjectCreatedListener listener, StoredObjects stored, Clock clock) {
        this.listener = listener;
        this.stored = stored;
        this.clock = clock;
        this.sequencer = new Sequencer(clock);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String rawPath = request.getRequestURI().substring(request.getContextPath().length());
        Optional<ObjectRequest> target = ObjectRequest.of(request.getMethod(), rawPath, request.getQueryString(),
                request.getHeader("x-amz-copy-source") != null);
        if (target.isEmpty()) {
            chain.doFilter(request, response); // reads and everything else pass untouched, unbuffered
            return;
        }
        ObjectRequest object = target.get();
        ReentrantLock lock = locks.forKey(object.bucket(), object.key());
        lock.lock();
        try {
            if (object.creates().isEmpty()) {
                chain.doFilter(request, response); // a delete: only kept out of a write's way
                return;
            }
            ContentCachingResponseWrapper buffered = new ContentCachingResponseWrapper(response);
            chain.doFilter(request, buffered);
            Optional<ObjectCreated> event = describe(object, object.creates().get(), request, buffered);
            if (event.isPresent() && !deliver(event.get(), rawPath, response)) {
                return; // the client gets 500 instead of S3Mock's answer
            }
            buffered.copyBodyToResponse();
        } finally {
            lock.unlock();
        }
    }

    /** The event for a successful write, or empty when S3Mock refused the request. */
    private Optional<ObjectCreated> describe(ObjectRequest object, ObjectCreated.Kind kind, HttpServletRequest request,
                                             ContentCachingResponseWrapper response) {
        int status = response.getStatus();
        if (status < 200 || status > 299) {
            return Optional.empty();
        }
        Optional<String> versionId = Optional.ofNullable(response.getHeader("x-amz-version-id"));
        String eTag;
        OptionalLong size;
        if (kind == ObjectCreated.Kind.PUT) {
            eTag = response.getHeader("ETag");
            size = PutSize.of(response.getHeader("x-amz-object-size"),
                    request.getHeader("x-amz-decoded-content-length"), request.getContentLengthLong(),
                    request.getHeader("Content-Encoding"), request.getHeader("x-amz-content-sha256"));
        } else {
            // CopyObject and CompleteMultipartUpload answer with XML that names the new ETag; S3 may answer
            // 200 with an <Error> body for both, once the response has started.
            Optional<Element> body = xml(response.getContentAsByteArray());
            if (body.isPresent() && "Error".equals(body.get().getLocalName())) {
                return Optional.empty();
            }
            eTag = body.flatMap(root -> text(root, "ETag")).orElse(null);
            size = OptionalLong.empty();
        }
        if (size.isEmpty()) {
            size = stored.size(object.bucket(), object.key(), versionId);
        }
        if (eTag == null || size.isEmpty()) {
            // Not expected from S3Mock 5.2.0; the write happened, so the event goes out regardless.
            LOG.atWarn().addKeyValue("bucket", object.bucket()).addKeyValue("key", object.key())
                    .addKeyValue("eTagKnown", eTag != null).addKeyValue("sizeKnown", size.isPresent())
                    .log("object written but its ETag or size is unknown; notifying with what is known");
        }
        return Optional.of(new ObjectCreated(kind, object.bucket(), object.key(), size.orElse(0),
                eTag == null ? "" : unquote(eTag), versionId, sequencer.next(), clock.instant()));
    }

    /** Hands the event to the listener; on failure answers 500 on the raw response and returns false. */
    private boolean deliver(ObjectCreated event, String rawPath, HttpServletResponse response) throws IOException {
        try {
            listener.objectCreated(event);
            return true;
        } catch (RuntimeException e) {
            // The one catch of this boundary: the object is stored, its notification is not. Answering 500
            // makes the client retry the write (and so the notification) instead of trusting a 200.
            LOG.atError().setCause(e).addKeyValue("bucket", event.bucket()).addKeyValue("key", event.key())
                    .addKeyValue("eventName", event.kind().eventName())
                    .log("object stored but its notification failed; answering 500 so the client retries");
            if (response.isCommitted()) {
                return true; // cannot happen while buffered; nothing more to do if it did
            }
            response.reset();
            response.setStatus(HttpServletResponse.SC_INTERNAL_SERVER_ERROR);
            response.setContentType("application/xml");
            response.setCharacterEncoding(StandardCharsets.UTF_8.name());
            response.getWriter().write("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>InternalError</Code>"
                    + "<Message>The object was stored but its event notification could not be sent. Retry the request."
                    + "</Message><Resource>" + escapeXml(rawPath) + "</Resource></Error>");
            return false;
        }
    }

    private static Optional<Element> xml(byte[] body) {
        if (body.length == 0) {
            return Optional.empty();
        }
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setNamespaceAware(true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
            Document document = factory.newDocumentBuilder().parse(new ByteArrayInputStream(body));
            return Optional.of(document.getDocumentElement());
        } catch (ParserConfigurationException | SAXException | IOException e) {
            return Optional.empty();
        }
    }

    private static Optional<String> text(Element root, String localName) {
        NodeList nodes = root.getElementsByTagNameNS("*", localName);
        return nodes.getLength() == 0 ? Optional.empty() : Optional.of(nodes.item(0).getTextContent().trim());
    }

    private static String unquote(String eTag) {
        String t = eTag.trim();
        if (t.startsWith("W/")) {
            t = t.substring(2);
        }
        return t.length() >= 2 && t.startsWith("\"") && t.endsWith("\"") ? t.substring(1, t.length() - 1) : t;
    }

    private static String escapeXml(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    /**
     * The size of the object a PutObject stored, from the exchange alone when it tells: S3Mock's own
     * {@code x-amz-object-size} response header first, then the request's
     * {@code x-amz-decoded-content-length} (set on {@code aws-chunked} uploads, whose Content-Length also
     * counts chunk signatures and trailing checksums), then Content-Length when the body is not
     * aws-chunked (<a href="https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-streaming.html">
     * streaming uploads</a>). Empty when none applies: the caller reads the size back from S3Mock.
     */
    static final class PutSize {

        private PutSize() {
        }

        static OptionalLong of(String objectSizeHeader, String decodedContentLength, long contentLength,
                               String contentEncoding, String contentSha256) {
            OptionalLong fromResponse = number(objectSizeHeader);
            if (fromResponse.isPresent()) {
                return fromResponse;
            }
            OptionalLong decoded = number(decodedContentLength);
            if (decoded.isPresent()) {
                return decoded;
            }
            boolean chunked = (contentEncoding != null && contentEncoding.toLowerCase(Locale.ROOT).contains("aws-chunked"))
                    || (contentSha256 != null && contentSha256.startsWith("STREAMING-"));
            return chunked || contentLength < 0 ? OptionalLong.empty() : OptionalLong.of(contentLength);
        }

        private static OptionalLong number(String header) {
            if (header == null || header.isBlank()) {
                return OptionalLong.empty();
            }
            try {
                long value = Long.parseLong(header.trim());
                return value < 0 ? OptionalLong.empty() : OptionalLong.of(value);
            } catch (NumberFormatException e) {
                return OptionalLong.empty();
            }
        }
    }
}
