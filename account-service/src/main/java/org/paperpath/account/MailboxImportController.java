package org.paperpath.account;

import com.fasterxml.jackson.annotation.JsonInclude;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code POST /api/v1/domains/{domain}/mailboxes:import}: NDJSON, one mailbox per line, for the
 * operator and the domain's admins. Each line stands alone (its own transaction) and gets its own
 * result; a mailbox that exists is left as it is, so an import can be run again. A line gives a
 * {@code password} or a {@code passwordHash} from vmailmgr, vpopmail or a Dovecot passwd-file.
 */
@RestController
class MailboxImportController {

    static final int MAX_LINES = 10_000;

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** One NDJSON line; the local part is checked by {@link AccountNames#localPart}. */
    record ImportLine(String localPart, String password, String passwordHash, Boolean enabled,
            @Size(max = 256) String displayName, @PositiveOrZero Long quotaBytes, @PositiveOrZero Long softQuotaBytes,
            @PositiveOrZero Long maxMessages, @PositiveOrZero Long maxMessageBytes, Instant expiresAt,
            MailboxController.Access access) {

        @Override
        public String toString() {
            return "ImportLine[localPart=" + localPart + "]";
        }

        /** The same settings as a single creation. */
        MailboxController.CreateMailboxRequest settings() {
            return new MailboxController.CreateMailboxRequest(localPart, null, enabled, displayName, quotaBytes,
                    softQuotaBytes, maxMessages, maxMessageBytes, expiresAt, access);
        }
    }

    /** {@code result}: created, exists or failed (then {@code field} and {@code detail} say why). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record LineResult(int line, String localPart, String result, String field, String detail) {
    }

    record ImportResponse(int created, int existing, int failed, List<LineResult> results) {
    }

    private final Mailboxes mailboxes;

    MailboxImportController(Mailboxes mailboxes) {
        this.mailboxes = mailboxes;
    }

    @PostMapping(path = "/api/v1/domains/{domain}/mailboxes:import", consumes = {"application/x-ndjson", "application/json"})
    ImportResponse importMailboxes(@RequestAttribute(Caller.ATTRIBUTE) Caller caller, @PathVariable String domain,
            @RequestBody String body) {
        String target = mailboxes.importTarget(caller, domain);
        String[] lines = body.split("\r?\n", -1);
        if (lines.length > MAX_LINES) {
            throw new InvalidInputException("body", "must have at most " + MAX_LINES + " lines; split the import");
        }
        List<LineResult> results = new ArrayList<>();
        int created = 0;
        int existing = 0;
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].isBlank()) {
                continue;
            }
            LineResult result = importLine(caller, target, i + 1, lines[i]);
            results.add(result);
            if ("created".equals(result.result())) {
                created++;
            } else if ("exists".equals(result.result())) {
                existing++;
            }
        }
        return new ImportResponse(created, existing, results.size() - created - existing, results);
    }

    private LineResult importLine(Caller caller, String domain, int number, String text) {
        String localPart = null;
        try {
            JsonNode node;
            try {
                node = JSON.readTree(text);
            } catch (JacksonException e) {
                return new LineResult(number, null, "failed", "line", "is not a JSON object");
            }
            ImportLine line = StrictJson.read(node, ImportLine.class);
            localPart = line.localPart();
            boolean isNew = mailboxes.importMailbox(caller, domain, line.localPart(), line.password(), line.passwordHash(),
                    line.settings()::over);
            return new LineResult(number, localPart, isNew ? "created" : "exists", null, null);
        } catch (InvalidInputException e) {
            return new LineResult(number, localPart, "failed", e.field(), e.getMessage());
        } catch (AccountConflictException e) {
            return new LineResult(number, localPart, "failed", e.field(), e.getMessage());
        }
    }
}
