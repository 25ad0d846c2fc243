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

/**
 * RFC 9457 problem details for account-service's controllers only (standalone shares one context
 * with other services). A problem about one input names it in the {@code field} property; the
 * rejected value is never echoed, since it may be a password.
 */
@RestControllerAdvice(assignableTypes = {DomainController.class, MailboxController.class, AuthenticationController.class,
        DomainAdminController.class, MeController.class, AuditController.class, MailboxImportController.class})
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

    @ExceptionHandler(HttpMessageNotReadableException.class)
    ProblemDetail unreadable(HttpMessageNotReadableException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, "the body is not the expected JSON object");
        problem.setTitle("Malformed request");
        return problem;
    }

    @ExceptionHandler(AccountConflictException.class)
    ProblemDetail conflict(AccountConflictException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, e.getMessage());
        problem.setTitle("Conflict");
        problem.setProperty("field", e.field());
        return problem;
    }

    @ExceptionHandler(InvalidInputException.class)
    ProblemDetail invalidInput(InvalidInputException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, e.getMessage());
        problem.setTitle("Invalid request");
        problem.setProperty("field", e.field());
        return problem;
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ProblemDetail mismatch(MethodArgumentTypeMismatchException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, e.getName() + " has the wrong type");
        problem.setTitle("Invalid request");
        problem.setProperty("field", e.getName());
        return problem;
    }

    @ExceptionHandler(UnknownMailboxException.class)
    ProblemDetail unknownMailbox(UnknownMailboxException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, e.getMessage());
        problem.setTitle("Unknown mailbox");
        problem.setProperty("field", "localPart");
        return problem;
    }

    @ExceptionHandler(ForbiddenException.class)
    ProblemDetail forbidden(ForbiddenException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.FORBIDDEN, e.getMessage());
        problem.setTitle("Forbidden");
        return problem;
    }

    @ExceptionHandler(UnknownAdminException.class)
    ProblemDetail unknownAdmin(UnknownAdminException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, e.getMessage());
        problem.setTitle("Unknown domain admin");
        problem.setProperty("field", "name");
        return problem;
    }

    @ExceptionHandler(UnknownDomainException.class)
    ProblemDetail unknownDomain(UnknownDomainException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, e.getMessage());
        problem.setTitle("Unknown domain");
        problem.setProperty("field", "domain");
        return problem;
    }
}
