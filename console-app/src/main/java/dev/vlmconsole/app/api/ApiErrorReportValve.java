package dev.vlmconsole.app.api;

import java.io.IOException;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;

/**
 * Tomcat's error report for requests it refuses before the application sees them (an encoded
 * slash, a malformed escape): a problem document under {@code /api}, Tomcat's bare page elsewhere.
 */
class ApiErrorReportValve extends ErrorReportValve {

    ApiErrorReportValve() {
        setShowReport(false);
        setShowServerInfo(false);
    }

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        int status = response.getStatus();
        if (status < 400
                || response.getContentWritten() > 0
                || !ApiPaths.isApi(request.getRequestURI(), contextPath(request))) {
            super.report(request, response, throwable);
            return;
        }
        if (!response.setErrorReported()) {
            return;
        }
        try {
            response.resetBuffer(); // drop anything buffered but not sent; the status stays
            ApiErrors.write(response, status);
            response.finishResponse();
        } catch (IOException | IllegalStateException e) {
            // the client is gone or the response was already sent: nothing more to say
        }
    }

    /** The servlet context's path when Tomcat mapped the request to it (empty for the root context). */
    private static String contextPath(Request request) {
        return request.getContext() == null ? "" : request.getContext().getPath();
    }
}
