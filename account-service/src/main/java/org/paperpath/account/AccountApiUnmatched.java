package org.paperpath.account;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.ErrorResponse;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.servlet.NoHandlerFoundException;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/**
 * Spring MVC's refusals before any controller is chosen, as problems for the API's paths. Another
 * path (standalone shares one context with other services) is left to Spring's own handling:
 * rethrowing the exception hands it on unchanged.
 */
@RestControllerAdvice
final class AccountApiUnmatched {

    @ExceptionHandler({NoResourceFoundException.class, NoHandlerFoundException.class,
            HttpRequestMethodNotSupportedException.class, HttpMediaTypeNotSupportedException.class})
    ResponseEntity<ProblemDetail> unmatched(Exception e, HttpServletRequest request) throws Exception {
        String path = request.getRequestURI();
        if (!(e instanceof ErrorResponse error) || path == null
                || !(path.startsWith("/api/v1/") || path.equals("/api/v1") || path.startsWith("/internal/v1/"))) {
            throw e;
        }
        HttpStatusCode status = error.getStatusCode();
        String detail;
        if (e instanceof HttpRequestMethodNotSupportedException) {
            detail = "this resource does not support the method; Allow lists those it does";
        } else if (e instanceof HttpMediaTypeNotSupportedException) {
            detail = "this resource does not accept the body's Content-Type";
        } else {
            detail = "no such resource";
        }
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setTitle(error.getBody().getTitle());
        return ResponseEntity.status(status).headers(error.getHeaders()).body(problem);
    }
}
