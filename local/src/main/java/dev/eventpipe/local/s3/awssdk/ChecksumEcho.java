package dev.eventpipe.local.s3.awssdk;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Locale;
import java.util.Map;

/**
 * Answers a PutObject or UploadPart whose checksum came as an {@code aws-chunked} trailer with that
 * checksum in a response header, as S3 does ({@code x-amz-checksum-crc32: ...}). S3Proxy echoes only a
 * checksum sent as a request header: a trailer arrives after the body it reads, so it has no value to
 * echo, and clients that compare the echoed value with their own (as {@code eventpipe ingest} does to
 * catch a file that changed while it was uploaded) would see none.
 *
 * <p>The store hands the checksums it computed for the request over {@link #offer}, on the request's own
 * thread (S3Proxy calls the store synchronously); this filter adds the one the trailer names before the
 * response is committed.
 */
final class ChecksumEcho implements Filter {

    private static final String PREFIX = "x-amz-checksum-";

    private final ThreadLocal<Map<String, String>> computed = new ThreadLocal<>();

    /** Called by the store with the checksums of what it just stored, by S3 algorithm name. */
    void offer(Map<String, String> checksums) {
        computed.set(checksums);
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        computed.remove();
        try {
            chain.doFilter(request, response);
            if (request instanceof HttpServletRequest http && response instanceof HttpServletResponse answer) {
                echo(http, answer);
            }
        } finally {
            computed.remove();
        }
    }

    private void echo(HttpServletRequest request, HttpServletResponse response) {
        String trailer = request.getHeader("x-amz-trailer");
        Map<String, String> checksums = computed.get();
        if (trailer == null || checksums == null || response.isCommitted() || !"PUT".equals(request.getMethod())) {
            return;
        }
        String header = trailer.trim().toLowerCase(Locale.ROOT);
        if (!header.startsWith(PREFIX) || response.getHeader(header) != null) {
            return;
        }
        String value = checksums.get(header.substring(PREFIX.length()).toUpperCase(Locale.ROOT));
        if (value != null) {
            response.setHeader(header, value);
        }
    }
}
