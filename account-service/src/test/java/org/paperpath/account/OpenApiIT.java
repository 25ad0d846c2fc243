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
    void theBrowsableUiIsServed() throws Exception {
        Answer answer = call("GET", "/swagger-ui/index.html", null, null);

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.body()).containsIgnoringCase("swagger-ui");
    }
}
