package dev.eventpipe.local.s3;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.io.IOException;

/**
 * Reads the rest of a request body S3Proxy left unread, before the response completes.
 *
 * <p><b>Why.</b> An {@code aws-chunked} upload (what the SDK and awscli send for PutObject and UploadPart:
 * <a href="https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-streaming.html">streaming SigV4</a>) ends
 * with a zero-length chunk and, usually, a trailer carrying its checksum. S3Proxy 4.1 hands the store the
 * decoded bytes limited to {@code x-amz-decoded-content-length}, so nobody reads that ending. Jetty then
 * finishes the response with body bytes still unread, marks the connection not reusable and closes it;
 * when the ending had not yet arrived, the client's last write fails ("Error writing request body to
 * server") although the object is stored, and the client retries: a second version in a versioned bucket,
 * a 412 for a retried {@code If-None-Match: *} write that in fact won, a second event notification.
 *
 * <p>Only a body its handler began to read is drained, and at most {@value #LIMIT} bytes of it: a request
 * refused before its body was read keeps S3's behaviour (the answer without reading, and with
 * {@code Expect: 100-continue} a client that never sends the body).
 *
 * <p>{@link LocalS3} adds it in front of S3Proxy's servlet before S3Proxy starts.
 */
final class RequestBodyDrain implements Filter {

    /** An aws-chunked ending is a few hundred bytes; more than this is not an ending, and is left to Jetty. */
    static final int LIMIT = 64 * 1024;

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (!(request instanceof HttpServletRequest http)) {
            chain.doFilter(request, response);
            return;
        }
        chain.doFilter(new HttpServletRequestWrapper(http) {
            private ServletInputStream body;

            @Override
            public ServletInputStream getInputStream() throws IOException {
                if (body == null) {
                    body = new DrainedOnClose(super.getInputStream());
                }
                return body;
            }
        }, response);
    }

    /** S3Proxy closes the body it was given once it has answered; that is when the rest is read. */
    private static final class DrainedOnClose extends ServletInputStream {
        private final ServletInputStream in;
        private boolean read;

        DrainedOnClose(ServletInputStream in) {
            this.in = in;
        }

        @Override
        public int read() throws IOException {
            read = true;
            return in.read();
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            read = true;
            return in.read(b, off, len);
        }

        @Override
        public boolean isFinished() {
            return in.isFinished();
        }

        @Override
        public boolean isReady() {
            return in.isReady();
        }

        @Override
        public void setReadListener(ReadListener listener) {
            in.setReadListener(listener);
        }

        @Override
        public void close() throws IOException {
            try {
                if (read && !in.isFinished()) {
                    byte[] buffer = new byte[4096];
                    int left = LIMIT;
                    int n;
                    while (left > 0 && (n = in.read(buffer, 0, Math.min(buffer.length, left))) >= 0) {
                        left -= n;
                    }
                }
            } finally {
                in.close();
            }
        }
    }
}
