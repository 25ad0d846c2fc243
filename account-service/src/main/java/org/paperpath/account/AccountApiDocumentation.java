package org.paperpath.account;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import java.util.Arrays;
import java.util.Map;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springdoc.core.customizers.OperationCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.MethodParameter;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.method.HandlerMethod;

/**
 * What {@code /v3/api-docs} says account-service's operations answer: the real success status
 * ({@code @ResponseStatus}: 201 with the created resource, 204 without a body, else 200) as
 * {@code application/json}, and the errors as {@code application/problem+json} of the
 * {@value #PROBLEM} schema: 400 when the operation takes input, 401 always, 403 for the
 * {@code /api/v1} callers (not the internal service endpoint), 404 when a path names a resource,
 * 409 where the method is marked {@link Conflicts}.
 */
@Configuration(proxyBeanMethods = false)
class AccountApiDocumentation {

    static final String PROBLEM = "Problem";
    static final String PROBLEM_JSON = "application/problem+json";
    static final String JSON = "application/json";

    /** The RFC 9457 body of every error, with the {@code field} it names. */
    @Bean
    OpenApiCustomizer accountProblemSchema() {
        return openApi -> {
            if (openApi.getComponents() == null) {
                openApi.setComponents(new Components());
            }
            openApi.getComponents().addSchemas(PROBLEM, new ObjectSchema()
                    .description("An RFC 9457 problem; no input value is ever repeated in it")
                    .addProperty("type", new StringSchema().example("about:blank"))
                    .addProperty("title", new StringSchema().example("Invalid request"))
                    .addProperty("status", new IntegerSchema().example(400))
                    .addProperty("detail", new StringSchema().example("access.pop3 must be true or false"))
                    .addProperty("instance", new StringSchema())
                    .addProperty("field", new StringSchema().example("access.pop3").description(
                            "the offending input when one is: a body field's path, a path segment or a query parameter"))
                    .addProperty("errors", new ArraySchema().items(new ObjectSchema()
                            .addProperty("field", new StringSchema())
                            .addProperty("message", new StringSchema()))));
        };
    }

    @Bean
    OperationCustomizer accountResponses() {
        return AccountApiDocumentation::responses;
    }

    static Operation responses(Operation operation, HandlerMethod handler) {
        if (!handler.getBeanType().getPackageName().equals(AccountApiDocumentation.class.getPackageName())) {
            return operation;
        }
        ApiResponses responses = operation.getResponses() == null ? new ApiResponses() : operation.getResponses();
        Schema<?> body = null;
        for (Map.Entry<String, ApiResponse> entry : Map.copyOf(responses).entrySet()) {
            if (entry.getKey().startsWith("2")) {
                Content content = entry.getValue().getContent();
                if (body == null && content != null && !content.isEmpty()) {
                    body = content.values().iterator().next().getSchema();
                }
                responses.remove(entry.getKey());
            }
        }
        ResponseStatus status = AnnotatedElementUtils.findMergedAnnotation(handler.getMethod(), ResponseStatus.class);
        HttpStatus success = status == null ? HttpStatus.OK : status.code();
        ApiResponse ok = new ApiResponse().description(success.getReasonPhrase());
        if (success != HttpStatus.NO_CONTENT && body != null) {
            ok.content(new Content().addMediaType(JSON, new MediaType().schema(body)));
        }
        responses.addApiResponse(String.valueOf(success.value()), ok);

        MethodParameter[] parameters = handler.getMethodParameters();
        boolean input = Arrays.stream(parameters).anyMatch(p -> p.hasParameterAnnotation(PathVariable.class)
                || p.hasParameterAnnotation(RequestParam.class) || p.hasParameterAnnotation(RequestBody.class));
        boolean names = Arrays.stream(parameters).anyMatch(p -> p.hasParameterAnnotation(PathVariable.class));
        boolean internal = handler.getBeanType() == AuthenticationController.class;
        if (input) {
            responses.addApiResponse("400", problem("Invalid input; field names it"));
        }
        responses.addApiResponse("401", problem(internal ? "No valid service token" : "No valid credentials"));
        if (!internal) {
            responses.addApiResponse("403", problem("The caller may not do this (another domain, or not its own mailbox)"));
        }
        if (names) {
            responses.addApiResponse("404", problem("No such domain, mailbox, alias or admin; field names the path segment"));
        }
        Conflicts conflicts = handler.getMethodAnnotation(Conflicts.class);
        if (conflicts != null) {
            responses.addApiResponse("409", problem("Conflict: " + conflicts.value()));
        }
        operation.setResponses(responses);
        return operation;
    }

    private static ApiResponse problem(String description) {
        return new ApiResponse().description(description).content(new Content().addMediaType(PROBLEM_JSON,
                new MediaType().schema(new Schema<>().$ref("#/components/schemas/" + PROBLEM))));
    }
}
