package org.paperpath.account;

import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotNull;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/**
 * Self-service for a mailbox user, authenticated by HTTP Basic with its address and password: its
 * mailbox, password, forwarding and autoresponder. Limits and access stay with its domain's admins.
 */
@RestController
@RequestMapping("/api/v1/me")
class MeController {

    /**
     * @param forwardTo where every message goes, at most {@value Targets#MAX} addresses; {@code []} stops forwarding
     * @param keepCopy whether the mailbox keeps a copy too; true when not given
     */
    record ForwardingRequest(@NotNull List<String> forwardTo, Boolean keepCopy) {
    }

    private final Mailboxes mailboxes;

    MeController(Mailboxes mailboxes) {
        this.mailboxes = mailboxes;
    }

    @GetMapping
    MailboxController.MailboxResponse me(@RequestAttribute(Caller.ATTRIBUTE) Caller caller) {
        return MailboxController.MailboxResponse.of(mailboxes.me(caller));
    }

    @PutMapping("/password")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    ResponseEntity<Void> setPassword(@RequestAttribute(Caller.ATTRIBUTE) Caller caller,
            @RequestBody @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true,
                    content = @Content(schema = @Schema(implementation = MailboxController.PasswordRequest.class))) JsonNode body) {
        MailboxController.PasswordRequest request = StrictJson.read(body, MailboxController.PasswordRequest.class);
        mailboxes.setMyPassword(caller, request.password());
        return ResponseEntity.noContent().build();
    }

    /** A {@code null} body stops forwarding, as DELETE does. */
    @PutMapping("/forwarding")
    @Conflicts("the forwards would make a forwarding loop")
    MailboxController.MailboxResponse setForwarding(@RequestAttribute(Caller.ATTRIBUTE) Caller caller,
            @RequestBody(required = false) @io.swagger.v3.oas.annotations.parameters.RequestBody(
                    content = @Content(schema = @Schema(implementation = ForwardingRequest.class))) JsonNode body) {
        ForwardingRequest request = StrictJson.readOptional(body, ForwardingRequest.class);
        if (request == null) {
            return MailboxController.MailboxResponse.of(
                    mailboxes.updateMe(caller, current -> current.withForwarding(List.of(), true), "forwardTo,keepCopy"));
        }
        boolean keepCopy = request.keepCopy() == null || request.keepCopy();
        return MailboxController.MailboxResponse.of(mailboxes.updateMe(caller,
                current -> current.withForwarding(Targets.of(request.forwardTo(), "forwardTo", 0), keepCopy),
                "forwardTo,keepCopy"));
    }

    /** Stops forwarding; the mailbox receives its mail again. */
    @DeleteMapping("/forwarding")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    ResponseEntity<Void> clearForwarding(@RequestAttribute(Caller.ATTRIBUTE) Caller caller) {
        mailboxes.updateMe(caller, current -> current.withForwarding(List.of(), true), "forwardTo,keepCopy");
        return ResponseEntity.noContent().build();
    }

    /** A {@code null} body removes the autoresponder, as DELETE does. */
    @PutMapping("/autoresponder")
    MailboxController.MailboxResponse setAutoresponder(@RequestAttribute(Caller.ATTRIBUTE) Caller caller,
            @RequestBody(required = false) @io.swagger.v3.oas.annotations.parameters.RequestBody(
                    content = @Content(schema = @Schema(implementation = AutoresponderSettings.class))) JsonNode body) {
        AutoresponderSettings request = StrictJson.readOptional(body, AutoresponderSettings.class);
        return MailboxController.MailboxResponse.of(mailboxes.updateMe(caller,
                current -> current.withAutoresponder(request == null ? null : request.checked("")), "autoresponder"));
    }

    @DeleteMapping("/autoresponder")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    ResponseEntity<Void> clearAutoresponder(@RequestAttribute(Caller.ATTRIBUTE) Caller caller) {
        mailboxes.updateMe(caller, current -> current.withAutoresponder(null), "autoresponder");
        return ResponseEntity.noContent().build();
    }
}
