package org.paperpath.account;

import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.validation.FieldError;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import tools.jackson.core.JacksonException;

/**
 * RFC 9457 problem details for account-service's controllers only (standalone shares one context
 * with other services). A problem about one input names it in the {@code field} property; the
 * rejected value is never echoed, since it may be a password.
 */
@RestControllerAdvice(assignableTypes = {DomainController.class, MailboxController.class, AuthenticationController.class,
        DomainAdminController.class, MeController.class, AuditController.class, MailboxImportController.class,
        AliasController.class, DomainRoutingController.class})
class AccountApiErrors {

    @ExceptionHandler(MethodArgumentNotValidException.class)
    ProblemDetail invalid(MethodArgumentNotValidException e) {
        List<FieldError> errors = e.getBindingResult().getFieldErrors();
        FieldError first = errors.isEmpty() ? null : errors.get(0);
        String detail = first == null ? "invalid request" : first.getField() + " " + first.getDefaultMessage();
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, detail);
        problem.setTitle("Invalid request");
        if (first != null) {
            problem.setProperty("field", first.getField());
        }
        problem.setProperty("errors", errors.stream()
                .map(error -> Map.of("field", error.getField(), "message", String.valueOf(error.getDefaultMessage())))
                .toList());
        return problem;
    }

    /** A body Spring could not read: no body, not JSON, or (for records Spring binds) a field of the wrong type. */
    @ExceptionHandler(HttpMessageNotReadableException.class)
    ProblemDetail unreadable(HttpMessageNotReadableException e) {
        if (e.getCause() instanceof JacksonException cause) {
            InvalidInputException invalid = StrictJson.problem(cause);
            return problem(HttpStatus.BAD_REQUEST, "Malformed request", invalid.getMessage(), invalid.field());
        }
        return problem(HttpStatus.BAD_REQUEST, "Malformed request", "body must be a JSON object", "body");
    }

    @ExceptionHandler(AccountConflictException.class)
    ProblemDetail conflict(AccountConflictException e) {
        return problem(HttpStatus.CONFLICT, "Conflict", e.getMessage(), e.field());
    }

    @ExceptionHandler(InvalidInputException.class)
    ProblemDetail invalidInput(InvalidInputException e) {
        return problem(HttpStatus.BAD_REQUEST, "Invalid request", e.getMessage(), e.field());
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ProblemDetail mismatch(MethodArgumentTypeMismatchException e) {
        return problem(HttpStatus.BAD_REQUEST, "Invalid request", e.getName() + " has the wrong type", e.getName());
    }

    @ExceptionHandler(UnknownMailboxException.class)
    ProblemDetail unknownMailbox(UnknownMailboxException e) {
        return problem(HttpStatus.NOT_FOUND, "Unknown mailbox", e.getMessage(), "localPart");
    }

    @ExceptionHandler(ForbiddenException.class)
    ProblemDetail forbidden(ForbiddenException e) {
        return problem(HttpStatus.FORBIDDEN, "Forbidden", e.getMessage(), null);
    }

    @ExceptionHandler(UnknownAdminException.class)
    ProblemDetail unknownAdmin(UnknownAdminException e) {
        return problem(HttpStatus.NOT_FOUND, "Unknown domain admin", e.getMessage(), "name");
    }

    @ExceptionHandler(UnknownAliasException.class)
    ProblemDetail unknownAlias(UnknownAliasException e) {
        return problem(HttpStatus.NOT_FOUND, "Unknown alias", e.getMessage(), "localPart");
    }

    @ExceptionHandler(UnknownAliasDomainException.class)
    ProblemDetail unknownAliasDomain(UnknownAliasDomainException e) {
        return problem(HttpStatus.NOT_FOUND, "Unknown alias domain", e.getMessage(), "alias");
    }

    @ExceptionHandler(UnknownDomainException.class)
    ProblemDetail unknownDomain(UnknownDomainException e) {
        return problem(HttpStatus.NOT_FOUND, "Unknown domain", e.getMessage(), "domain");
    }

    /** An RFC 9457 problem; {@code field} names the offending input, or is null when none does. */
    private static ProblemDetail problem(HttpStatus status, String title, String detail, String field) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setTitle(title);
        if (field != null) {
            problem.setProperty("field", field);
        }
        return problem;
    }
}
