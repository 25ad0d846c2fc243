package org.paperpath.account;

import com.fasterxml.jackson.annotation.JsonFormat;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/** Mailboxes of a domain: {@code /api/v1/domains/{domain}/mailboxes}, for the operator and the domain's admins. */
@RestController
@RequestMapping("/api/v1/domains/{domain}/mailboxes")
class MailboxController {

    /**
     * The password is hashed at once and appears in no response, log or event; {@link Passwords}
     * says which are accepted.
     */
    record CreateMailboxRequest(
            @NotNull @Size(min = 1, max = AccountNames.MAX_LOCAL_PART)
            @Pattern(regexp = AccountNames.LOCAL_PART_PATTERN, message = AccountNames.LOCAL_PART_MESSAGE)
            String localPart,
            @NotNull String password,
            Boolean enabled, @Size(max = 256) String displayName, @PositiveOrZero Long quotaBytes,
            @PositiveOrZero Long softQuotaBytes, @PositiveOrZero Long maxMessages, @PositiveOrZero Long maxMessageBytes,
            Instant expiresAt, Access access) {

        @Override
        public String toString() {
            return "CreateMailboxRequest[localPart=" + localPart + "]";
        }

        /** The new mailbox: these settings over the defaults (enabled, the domain's default quota, every service). */
        MailboxStore.MailboxRow over(MailboxStore.MailboxRow defaults) {
            return new MailboxStore.MailboxRow(defaults.domain(), defaults.localPart(),
                    enabled == null ? defaults.enabled() : enabled, displayName,
                    quotaBytes == null ? defaults.quotaBytes() : quotaBytes, softQuotaBytes, maxMessages, maxMessageBytes,
                    expiresAt, access == null ? defaults.access() : access.over(defaults.access()));
        }
    }

    /** A new password, checked by {@link Passwords#checkStrength}. */
    record PasswordRequest(
            @NotNull String password) {

        @Override
        public String toString() {
            return "PasswordRequest[]";
        }
    }

    /** Per-service access; in a PATCH an absent service keeps its access. */
    record Access(Boolean imap, Boolean pop3, Boolean smtp) {
        static Access of(ServiceAccess access) {
            return new Access(access.imap(), access.pop3(), access.smtp());
        }

        ServiceAccess over(ServiceAccess current) {
            return new ServiceAccess(imap == null ? current.imap() : imap, pop3 == null ? current.pop3() : pop3,
                    smtp == null ? current.smtp() : smtp);
        }
    }

    /**
     * A PATCH: absent fields stay, {@code null} clears a limit, the display name, the expiry, the
     * forwards ({@code []} too) or the autoresponder.
     *
     * @param forwardTo addresses every message is forwarded to, at most {@value Targets#MAX}
     * @param keepCopy with forwards, whether the mailbox keeps a copy too (it does unless told)
     */
    record MailboxPatch(Boolean enabled, @Size(max = 256) String displayName, @PositiveOrZero Long quotaBytes,
            @PositiveOrZero Long softQuotaBytes, @PositiveOrZero Long maxMessages, @PositiveOrZero Long maxMessageBytes,
            Instant expiresAt, Access access, List<String> forwardTo, Boolean keepCopy,
            @Valid AutoresponderSettings autoresponder) {
    }

    record MailboxResponse(String address, String domain, String localPart, boolean enabled, String displayName,
            Long quotaBytes, Long softQuotaBytes, Long maxMessages, Long maxMessageBytes,
            @JsonFormat(shape = JsonFormat.Shape.STRING) Instant expiresAt, Access access, List<String> forwardTo,
            boolean keepCopy, AutoresponderSettings autoresponder) {
        static MailboxResponse of(MailboxStore.MailboxRow row) {
            return new MailboxResponse(row.address(), row.domain(), row.localPart(),
                    row.enabled(), row.displayName(), row.quotaBytes(), row.softQuotaBytes(), row.maxMessages(),
                    row.maxMessageBytes(), row.expiresAt(), Access.of(row.access()), row.forwardTo(), row.keepCopy(),
                    AutoresponderSettings.of(row.autoresponder()));
        }
    }

    private final Mailboxes mailboxes;

    MailboxController(Mailboxes mailboxes) {
        this.mailboxes = mailboxes;
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    @Conflicts("the mailbox exists, an alias has the name, or the domain has its maximum of mailboxes")
    ResponseEntity<MailboxResponse> create(@RequestAttribute(Caller.ATTRIBUTE) Caller caller,
            @PathVariable String domain,
            @RequestBody @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true,
                    content = @Content(schema = @Schema(implementation = CreateMailboxRequest.class))) JsonNode body) {
        CreateMailboxRequest request = StrictJson.read(body, CreateMailboxRequest.class);
        MailboxResponse created = MailboxResponse.of(mailboxes.createMailbox(caller, domain, request.localPart(), request.password(),
                request::over));
        return ResponseEntity.created(URI.create("/api/v1/domains/" + created.domain() + "/mailboxes/" + created.localPart()))
                .body(created);
    }

    @GetMapping
    Paging.Page<MailboxResponse> list(@RequestAttribute(Caller.ATTRIBUTE) Caller caller,
            @PathVariable String domain, @RequestParam(defaultValue = "0") int page,
            @RequestParam(defaultValue = "" + Paging.DEFAULT_SIZE) int size) {
        return mailboxes.mailboxes(caller, domain, Paging.of(page, size)).map(MailboxResponse::of);
    }

    @GetMapping("/{localPart}")
    MailboxResponse get(@RequestAttribute(Caller.ATTRIBUTE) Caller caller,
            @PathVariable String domain, @PathVariable String localPart) {
        return MailboxResponse.of(mailboxes.mailbox(caller, domain, localPart));
    }

    @PatchMapping(path = "/{localPart}", consumes = {"application/json", "application/merge-patch+json"})
    @Conflicts("the new forwards would make a forwarding loop")
    MailboxResponse patch(@RequestAttribute(Caller.ATTRIBUTE) Caller caller,
            @PathVariable String domain, @PathVariable String localPart,
            @RequestBody @io.swagger.v3.oas.annotations.parameters.RequestBody(
                    content = @Content(schema = @Schema(implementation = MailboxPatch.class))) JsonNode body) {
        MergePatch<MailboxPatch> patch = MergePatch.read(body, MailboxPatch.class);
        return MailboxResponse.of(mailboxes.updateMailbox(caller, domain, localPart, current -> apply(patch, current),
                patch.describe()));
    }

    @PutMapping("/{localPart}/password")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    ResponseEntity<Void> setPassword(@RequestAttribute(Caller.ATTRIBUTE) Caller caller,
            @PathVariable String domain, @PathVariable String localPart,
            @RequestBody @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true,
                    content = @Content(schema = @Schema(implementation = PasswordRequest.class))) JsonNode body) {
        PasswordRequest request = StrictJson.read(body, PasswordRequest.class);
        mailboxes.setPassword(caller, domain, localPart, request.password());
        return ResponseEntity.noContent().build();
    }

    @DeleteMapping("/{localPart}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Conflicts("mail for the address would then fall through to a looping catch-all")
    ResponseEntity<Void> delete(@RequestAttribute(Caller.ATTRIBUTE) Caller caller,
            @PathVariable String domain, @PathVariable String localPart) {
        mailboxes.deleteMailbox(caller, domain, localPart);
        return ResponseEntity.noContent().build();
    }

    private static MailboxStore.MailboxRow apply(MergePatch<MailboxPatch> patch, MailboxStore.MailboxRow current) {
        MailboxPatch v = patch.values();
        Access access = patch.pickRequired("access", v.access(), Access.of(current.access()));
        List<String> forwardTo = patch.has("forwardTo")
                ? Targets.of(v.forwardTo() == null ? List.of() : v.forwardTo(), "forwardTo", 0) : current.forwardTo();
        AutoresponderSettings reply = patch.pick("autoresponder", v.autoresponder(),
                AutoresponderSettings.of(current.autoresponder()));
        return new MailboxStore.MailboxRow(current.domain(), current.localPart(),
                patch.pickRequired("enabled", v.enabled(), current.enabled()),
                patch.pick("displayName", v.displayName(), current.displayName()),
                patch.pick("quotaBytes", v.quotaBytes(), current.quotaBytes()),
                patch.pick("softQuotaBytes", v.softQuotaBytes(), current.softQuotaBytes()),
                patch.pick("maxMessages", v.maxMessages(), current.maxMessages()),
                patch.pick("maxMessageBytes", v.maxMessageBytes(), current.maxMessageBytes()),
                patch.pick("expiresAt", v.expiresAt(), current.expiresAt()),
                access.over(current.access()),
                forwardTo,
                patch.pickRequired("keepCopy", v.keepCopy(), current.keepCopy()),
                reply == null ? null : reply.checked("autoresponder."));
    }
}
