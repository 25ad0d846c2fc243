package org.paperpath.account;

import java.io.IOException;
import java.io.Writer;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.coyote.ActionCode;
import org.springframework.http.HttpStatus;

/**
 * Tomcat's error report for what it refuses before any servlet sees it (an encoded NUL or '/' in a
 * path, a malformed request line): an RFC 9457 {@code application/problem+json} body instead of
 * Tomcat's HTML page. The body is built from the status alone and never repeats the request, so no
 * raw input reaches it. Errors inside the application keep Spring's handling; this valve writes only
 * when nothing else has.
 */
final class ProblemErrorReportValve extends ErrorReportValve {

    static final String CONTENT_TYPE = "application/problem+json";

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        int status = response.getStatus();
        if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
            return;
        }
        AtomicBoolean ioAllowed = new AtomicBoolean(false);
        response.getCoyoteResponse().action(ActionCode.IS_IO_ALLOWED, ioAllowed);
        if (!ioAllowed.get()) {
            return;
        }
        try {
            response.setContentType(CONTENT_TYPE);
            response.setCharacterEncoding("UTF-8");
            Writer writer = response.getReporter();
            if (writer != null) {
                writer.write(body(status));
                response.finishResponse();
            }
        } catch (IOException | IllegalStateException e) {
            // The client is gone or the response was committed meanwhile: nothing more can be said.
        }
    }

    /** The problem for {@code status}; every string in it is a constant. */
    static String body(int status) {
        HttpStatus known = HttpStatus.resolve(status);
        String title = known == null ? "Error" : known.getReasonPhrase();
        String detail = status == 400
                ? "the request line or URI is not acceptable (for instance an encoded NUL, '/' or '\\\\' in a path segment)"
                : title;
        return "{\"type\":\"about:blank\",\"title\":\"" + title + "\",\"status\":" + status + ",\"detail\":\"" + detail + "\"}";
    }
}
