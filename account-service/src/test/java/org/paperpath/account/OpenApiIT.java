package org.paperpath.account;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The OpenAPI document at {@code /v3/api-docs} and its browsable UI, open without credentials. */
class OpenApiIT extends AccountApiTestBase {

    @Test
    void theDocumentDescribesEveryEndpointAndNoInternalPlumbing() throws Exception {
        Answer answer = call("GET", "/v3/api-docs", null, null);

        assertThat(answer.status()).isEqualTo(200);
        JsonNode doc = answer.json();
        assertThat(doc.path("openapi").asString()).startsWith("3.");
        JsonNode paths = doc.path("paths");
        assertThat(paths.propertyNames()).contains("/api/v1/domains", "/api/v1/domains/{domain}",
                "/api/v1/domains/{domain}/mailboxes", "/api/v1/domains/{domain}/mailboxes/{localPart}",
                "/api/v1/domains/{domain}/mailboxes:import",
                "/api/v1/domains/{domain}/mailboxes/{localPart}/password", "/api/v1/domains/{domain}/admins",
                "/api/v1/domains/{domain}/admins/{name}", "/api/v1/me", "/api/v1/me/password", "/api/v1/audit",
                "/internal/v1/authenticate", "/api/v1/domains/{domain}/aliases", "/api/v1/domains/{domain}/aliases/{localPart}",
                "/api/v1/domains/{domain}/catch-all", "/api/v1/domains/{domain}/alias-domains",
                "/api/v1/domains/{domain}/alias-domains/{alias}", "/api/v1/me/forwarding", "/api/v1/me/autoresponder");
        assertThat(paths.path("/api/v1/domains/{domain}/aliases").propertyNames()).contains("get", "post");
        assertThat(paths.path("/api/v1/domains/{domain}/aliases/{localPart}").propertyNames()).contains("get", "put", "delete");
        assertThat(paths.path("/api/v1/domains/{domain}/catch-all").propertyNames()).contains("put", "delete");
        assertThat(paths.path("/api/v1/domains/{domain}/alias-domains").propertyNames()).contains("get", "post");
        assertThat(paths.path("/api/v1/domains/{domain}/alias-domains/{alias}").propertyNames()).contains("get", "delete");
        assertThat(paths.path("/api/v1/me/forwarding").propertyNames()).contains("put", "delete");
        assertThat(paths.path("/api/v1/me/autoresponder").propertyNames()).contains("put", "delete");
        JsonNode schemas = doc.path("components").path("schemas");
        assertThat(schemas.path("MailboxPatch").path("properties").propertyNames())
                .contains("forwardTo", "keepCopy", "autoresponder");
        assertThat(schemas.path("MailboxResponse").path("properties").propertyNames())
                .contains("forwardTo", "keepCopy", "autoresponder");
        assertThat(schemas.path("DomainResponse").path("properties").propertyNames()).contains("catchAll", "aliasDomains");
        assertThat(schemas.path("CreateAliasRequest").path("properties").propertyNames()).contains("localPart", "targets");
        assertThat(schemas.path("AutoresponderSettings").path("properties").propertyNames())
                .contains("subject", "body", "from", "until", "intervalSeconds");
        assertThat(schemas.path("AuthenticateResponse").path("properties").propertyNames()).contains("services");
        assertThat(paths.path("/api/v1/domains/{domain}").propertyNames()).contains("get", "patch", "delete");
        assertThat(paths.path("/api/v1/domains/{domain}/mailboxes/{localPart}/password").has("put")).isTrue();
        assertThat(paths.path("/api/v1/domains/{domain}").path("patch").path("requestBody").findValuesAsString("$ref"))
                .anySatisfy(ref -> assertThat(ref).endsWith("DomainPatch"));
        assertThat(doc.path("components").path("schemas").path("MailboxPatch").path("properties").propertyNames())
                .contains("quotaBytes", "softQuotaBytes", "expiresAt", "access")
                .doesNotContain("password");
        assertThat(doc.path("components").path("securitySchemes").propertyNames()).contains("bearer", "mailboxUser");
        assertThat(answer.body()).doesNotContain("\"caller\"").doesNotContain("passwordHash");
    }

    @Test
    void successStatusesAreTheRealOnesWithJsonBodies() throws Exception {
        JsonNode paths = call("GET", "/v3/api-docs", null, null).json().path("paths");

        JsonNode createDomain = paths.path("/api/v1/domains").path("post").path("responses");
        assertThat(createDomain.has("200")).isFalse();
        assertThat(createDomain.path("201").path("content").propertyNames()).containsExactly("application/json");
        assertThat(createDomain.path("201").path("content").path("application/json").path("schema").path("$ref").asString())
                .endsWith("/DomainResponse");
        JsonNode createMailbox = paths.path("/api/v1/domains/{domain}/mailboxes").path("post").path("responses");
        assertThat(createMailbox.path("201").path("content").path("application/json").path("schema").path("$ref").asString())
                .endsWith("/MailboxResponse");
        JsonNode createAdmin = paths.path("/api/v1/domains/{domain}/admins").path("post").path("responses");
        assertThat(createAdmin.path("201").path("content").path("application/json").path("schema").path("$ref").asString())
                .endsWith("/CreatedAdminResponse");
        for (String[] noContent : new String[][] {{"/api/v1/domains/{domain}", "delete"},
                {"/api/v1/domains/{domain}/mailboxes/{localPart}", "delete"},
                {"/api/v1/domains/{domain}/mailboxes/{localPart}/password", "put"}, {"/api/v1/me/password", "put"},
                {"/api/v1/domains/{domain}/aliases/{localPart}", "delete"}, {"/api/v1/domains/{domain}/admins/{name}", "delete"}}) {
            JsonNode responses = paths.path(noContent[0]).path(noContent[1]).path("responses");
            assertThat(responses.has("204")).as(noContent[0] + " " + noContent[1]).isTrue();
            assertThat(responses.path("204").has("content")).isFalse();
            assertThat(responses.has("200")).isFalse();
        }
        JsonNode getMailbox = paths.path("/api/v1/domains/{domain}/mailboxes/{localPart}").path("get").path("responses");
        assertThat(getMailbox.path("200").path("content").path("application/json").path("schema").path("$ref").asString())
                .endsWith("/MailboxResponse");
        assertThat(paths.path("/api/v1/domains/{domain}/mailboxes:import").path("post").path("responses").path("200")
                .path("content").has("application/json")).isTrue();
        assertThat(paths.toString()).doesNotContain("\"*/*\"");
    }

    @Test
    void errorsAreDocumentedAsProblems() throws Exception {
        JsonNode doc = call("GET", "/v3/api-docs", null, null).json();
        JsonNode paths = doc.path("paths");

        JsonNode createMailbox = paths.path("/api/v1/domains/{domain}/mailboxes").path("post").path("responses");
        assertThat(createMailbox.propertyNames()).contains("201", "400", "401", "403", "404", "409");
        for (String code : new String[] {"400", "401", "403", "404", "409"}) {
            assertThat(createMailbox.path(code).path("content").propertyNames()).containsExactly("application/problem+json");
            assertThat(createMailbox.path(code).path("content").path("application/problem+json").path("schema").path("$ref")
                    .asString()).isEqualTo("#/components/schemas/Problem");
        }
        JsonNode listDomains = paths.path("/api/v1/domains").path("get").path("responses");
        assertThat(listDomains.propertyNames()).contains("200", "400", "401", "403").doesNotContain("404", "409");
        JsonNode me = paths.path("/api/v1/me").path("get").path("responses");
        assertThat(me.propertyNames()).contains("200", "401", "403").doesNotContain("400", "404", "409");
        JsonNode deleteDomain = paths.path("/api/v1/domains/{domain}").path("delete").path("responses");
        assertThat(deleteDomain.propertyNames()).contains("204", "400", "401", "403", "404", "409");
        JsonNode setPassword = paths.path("/api/v1/domains/{domain}/mailboxes/{localPart}/password").path("put").path("responses");
        assertThat(setPassword.propertyNames()).contains("204", "400", "401", "403", "404").doesNotContain("409");
        JsonNode authenticate = paths.path("/internal/v1/authenticate").path("post").path("responses");
        assertThat(authenticate.propertyNames()).contains("200", "400", "401").doesNotContain("403", "404");
        JsonNode problem = doc.path("components").path("schemas").path("Problem").path("properties");
        assertThat(problem.propertyNames()).contains("type", "title", "status", "detail", "instance", "field");
    }

    @Test
    void theBrowsableUiIsServed() throws Exception {
        Answer answer = call("GET", "/swagger-ui/index.html", null, null);

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.body()).containsIgnoringCase("swagger-ui");
    }
}
