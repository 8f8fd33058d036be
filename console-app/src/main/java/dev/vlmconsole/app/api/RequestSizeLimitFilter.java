package dev.vlmconsole.app.api;

import dev.vlmconsole.app.security.Problems;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses request bodies over their limit ({@link BodyLimits}) with a 413 problem, on every path:
 * the limit is chosen from the decoded, normalised path the servlet container mapped, never from
 * the raw spelling. A declared length over the limit is refused before anything reads the body; a
 * body without one (chunked) is counted while it is read and cut off past the limit, which the
 * API's exception handler, or this filter when nothing else answered, turns into the same 413.
 */
class RequestSizeLimitFilter extends OncePerRequestFilter {

    private final BodyLimits.Matcher limits;

    RequestSizeLimitFilter(BodyLimits limits) {
        this.limits = limits.matcher();
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String path = request.getServletPath() + Objects.toString(request.getPathInfo(), "");
        long max = limits.limitFor(path);
        long declared = request.getContentLengthLong();
        if (declared > max) {
            tooLarge(response, max);
            return;
        }
        if (declared >= 0) {
            chain.doFilter(request, response); // the container reads no more than the declared length
            return;
        }
        Limited limited = new Limited(request, max);
        try {
            chain.doFilter(limited, response);
        } catch (IOException | ServletException | RuntimeException e) {
            if (!limited.exceeded || response.isCommitted()) {
                throw e;
            }
            response.reset();
            tooLarge(response, max);
        }
    }

    static void tooLarge(HttpServletResponse response, long max) throws IOException {
        Problems.write(response, 413, "Content Too Large", tooLargeDetail(max));
    }

    /** The detail of every 413 answer, whether this filter or the API's exception handler writes it. */
    static String tooLargeDetail(long max) {
        return "Request bodies here are limited to " + max + " bytes.";
    }

    /** Thrown while reading a body past its limit. */
    static final class BodyTooLargeException extends IOException {
        final long max;

        BodyTooLargeException(long max) {
            super("Request body over " + max + " bytes");
            this.max = max;
        }
    }

    private static final class Limited extends HttpServletRequestWrapper {
        private final long max;
        private volatile boolean exceeded;
        private ServletInputStream stream;

        Limited(HttpServletRequest request, long max) {
            super(request);
            this.max = max;
        }

        @Override
        public BufferedReader getReader() throws IOException {
            String encoding = getCharacterEncoding();
            Charset charset = encoding == null ? StandardCharsets.ISO_8859_1 : Charset.forName(encoding);
            return new BufferedReader(new InputStreamReader(getInputStream(), charset));
        }

        @Override
        public synchronized ServletInputStream getInputStream() throws IOException {
            if (stream == null) {
                stream = new Counting(super.getInputStream());
            }
            return stream;
        }

        private final class Counting extends ServletInputStream {
            private final ServletInputStream in;
            private long read;

            Counting(ServletInputStream in) {
                this.in = in;
            }

            @Override
            public int read() throws IOException {
                int b = in.read();
                if (b >= 0) {
                    count(1);
                }
                return b;
            }

            @Override
            public int read(byte[] buf, int off, int len) throws IOException {
                int n = in.read(buf, off, len);
                if (n > 0) {
                    count(n);
                }
                return n;
            }

            private void count(int n) throws BodyTooLargeException {
                read += n;
                if (read > max) {
                    exceeded = true;
                    throw new BodyTooLargeException(max);
                }
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
        }
    }
}
