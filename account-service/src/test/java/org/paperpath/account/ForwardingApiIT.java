package org.paperpath.account;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.paperpath.model.event.DirectoryEvent;
import org.paperpath.model.event.EventCodec;

/** A mailbox's forwarding and autoresponder: by PATCH for its admins, by {@code /api/v1/me/...} for its user. */
class ForwardingApiIT extends AccountApiTestBase {

    private static String mailbox(String domain, String localPart) {
        return "/api/v1/domains/" + domain + "/mailboxes/" + localPart;
    }

    private DirectoryEvent.MailboxUpserted lastEvent(String address, int expected) {
        List<ConsumerRecord<String, byte[]>> records = directoryRecords(List.of("mailbox:" + address), expected);
        assertThat(records).hasSize(expected);
        return (DirectoryEvent.MailboxUpserted) EventCodec.decode(records.get(expected - 1).value(), DirectoryEvent.class);
    }

    @Test
    void forwardsAndKeepCopyAreSetReadPublishedAndCleared() throws Exception {
        createDomain("fwd.forwarding.test");
        createMailbox("fwd.forwarding.test", "away");

        Answer set = call("PATCH", mailbox("fwd.forwarding.test", "away"), ADMIN,
                Map.of("forwardTo", List.of("Away@Remote.Example", "away@remote.example", "desk@fwd.forwarding.test"),
                        "keepCopy", false));
        DirectoryEvent.MailboxUpserted published = lastEvent("away@fwd.forwarding.test", 2);
        Answer read = call("GET", mailbox("fwd.forwarding.test", "away"), ADMIN, null);
        Map<String, Object> clear = new HashMap<>();
        clear.put("forwardTo", null);
        Answer cleared = call("PATCH", mailbox("fwd.forwarding.test", "away"), ADMIN, clear);

        assertThat(set.status()).as(set.body()).isEqualTo(200);
        assertThat(set.json().path("forwardTo").valueStream().map(node -> node.asString()).toList())
                .containsExactly("away@remote.example", "desk@fwd.forwarding.test");
        assertThat(set.json().path("keepCopy").asBoolean()).isFalse();
        assertThat(read.json()).isEqualTo(set.json());
        assertThat(published.forwardTo()).containsExactly("away@remote.example", "desk@fwd.forwarding.test");
        assertThat(published.keepCopy()).isFalse();
        assertThat(cleared.json().path("forwardTo").size()).isZero();
        DirectoryEvent.MailboxUpserted afterClear = lastEvent("away@fwd.forwarding.test", 3);
        assertThat(afterClear.forwardTo()).isEmpty();
        assertThat(afterClear.keepCopy()).isNull();
    }

    @Test
    void anAutoresponderIsSetWithADefaultIntervalReadPublishedAndCleared() throws Exception {
        createDomain("reply.forwarding.test");
        createMailbox("reply.forwarding.test", "holiday");
        Instant from = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Instant until = from.plus(14, ChronoUnit.DAYS);

        Answer set = call("PATCH", mailbox("reply.forwarding.test", "holiday"), ADMIN, Map.of("autoresponder",
                Map.of("subject", "Away", "body", "Back in two weeks.", "from", from.toString(), "until", until.toString())));
        DirectoryEvent.MailboxUpserted published = lastEvent("holiday@reply.forwarding.test", 2);
        Answer read = call("GET", mailbox("reply.forwarding.test", "holiday"), ADMIN, null);
        Map<String, Object> clear = new HashMap<>();
        clear.put("autoresponder", null);
        Answer cleared = call("PATCH", mailbox("reply.forwarding.test", "holiday"), ADMIN, clear);

        assertThat(set.status()).as(set.body()).isEqualTo(200);
        assertThat(set.json().path("autoresponder")).isEqualTo(JSON.readTree("""
                {"subject":"Away","body":"Back in two weeks.","from":"%s","until":"%s","intervalSeconds":86400}"""
                .formatted(from, until)));
        assertThat(read.json()).isEqualTo(set.json());
        assertThat(published.autoresponder())
                .isEqualTo(new DirectoryEvent.Autoresponder("Away", "Back in two weeks.", from, until, 86_400));
        assertThat(cleared.json().path("autoresponder").isNull()).isTrue();
        assertThat(lastEvent("holiday@reply.forwarding.test", 3).autoresponder()).isNull();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "{\"forwardTo\":[\"not an address\"]}|forwardTo",
            "{\"forwardTo\":[null]}|forwardTo",
            "{\"forwardTo\":\"a@b.example\"}|forwardTo",
            "{\"keepCopy\":null}|keepCopy",
            "{\"autoresponder\":{\"body\":\"b\"}}|autoresponder.subject",
            "{\"autoresponder\":{\"subject\":\"s\"}}|autoresponder.body",
            "{\"autoresponder\":{\"subject\":\"\",\"body\":\"b\"}}|autoresponder.subject",
            "{\"autoresponder\":{\"subject\":\"two\\r\\nBcc: x@evil.example\",\"body\":\"b\"}}|autoresponder.subject",
            "{\"autoresponder\":{\"subject\":\"s\",\"body\":\"b\",\"intervalSeconds\":3599}}|autoresponder.intervalSeconds",
            "{\"autoresponder\":{\"subject\":\"s\",\"body\":\"b\",\"from\":\"2030-01-02T00:00:00Z\",\"until\":\"2030-01-01T00:00:00Z\"}}|autoresponder.until",
            "{\"autoresponder\":{\"subject\":\"s\",\"body\":\"b\",\"from\":\"2030-01-01T00:00:00Z\",\"until\":\"2030-01-01T00:00:00Z\"}}|autoresponder.until",
            "{\"autoresponder\":{\"subject\":\"s\",\"body\":\"b\",\"from\":\"soon\"}}|autoresponder.from"})
    void aBadForwardOrAutoresponderIs400NamingTheFieldAndChangesNothing(String body, String field) throws Exception {
        if (call("GET", "/api/v1/domains/bad.forwarding.test", ADMIN, null).status() == 404) {
            createDomain("bad.forwarding.test");
            createMailbox("bad.forwarding.test", "bad");
        }

        Answer answer = send("PATCH", mailbox("bad.forwarding.test", "bad"), bearer(ADMIN), body);

        assertProblem(answer, 400, field);
        Answer unchanged = call("GET", mailbox("bad.forwarding.test", "bad"), ADMIN, null);
        assertThat(unchanged.json().path("forwardTo").size()).isZero();
        assertThat(unchanged.json().path("autoresponder").isNull()).isTrue();
    }

    @Test
    void aSubjectOver200CharactersOrABodyOver64KibIs400() throws Exception {
        createDomain("limits.forwarding.test");
        createMailbox("limits.forwarding.test", "limits");
        String path = mailbox("limits.forwarding.test", "limits");

        assertProblem(call("PATCH", path, ADMIN, Map.of("autoresponder", Map.of("subject", "s".repeat(201), "body", "b"))),
                400, "autoresponder.subject");
        assertProblem(call("PATCH", path, ADMIN, Map.of("autoresponder", Map.of("subject", "s", "body", "é".repeat(32 * 1024 + 1)))),
                400, "autoresponder.body");
        assertThat(call("PATCH", path, ADMIN, Map.of("autoresponder", Map.of("subject", "s".repeat(200),
                "body", "b".repeat(64 * 1024), "intervalSeconds", 3600))).status()).isEqualTo(200);
    }

    @Test
    void moreThanAThousandForwardsIs400() throws Exception {
        createDomain("many.forwarding.test");
        createMailbox("many.forwarding.test", "many");
        List<String> tooMany = new ArrayList<>();
        for (int i = 0; i <= Targets.MAX; i++) {
            tooMany.add("f" + i + "@remote.example");
        }

        assertProblem(call("PATCH", mailbox("many.forwarding.test", "many"), ADMIN, Map.of("forwardTo", tooMany)),
                400, "forwardTo");
        assertProblem(callAs("PUT", "/api/v1/me/forwarding", basic("many@many.forwarding.test", PASSWORD),
                Map.of("forwardTo", tooMany)), 400, "forwardTo");
        assertThat(call("GET", mailbox("many.forwarding.test", "many"), ADMIN, null).json().path("forwardTo").size()).isZero();
    }

    @Test
    void forwardsThatLoopAreRefused() throws Exception {
        createDomain("loop.forwarding.test");
        createMailbox("loop.forwarding.test", "ping");
        createMailbox("loop.forwarding.test", "pong");

        Answer self = call("PATCH", mailbox("loop.forwarding.test", "ping"), ADMIN,
                Map.of("forwardTo", List.of("ping+again@loop.forwarding.test")));
        Answer first = call("PATCH", mailbox("loop.forwarding.test", "ping"), ADMIN,
                Map.of("forwardTo", List.of("pong@loop.forwarding.test")));
        Answer closing = call("PATCH", mailbox("loop.forwarding.test", "pong"), ADMIN,
                Map.of("forwardTo", List.of("ping@loop.forwarding.test")));

        assertProblem(self, 409, "forwardTo");
        assertThat(first.status()).isEqualTo(200);
        assertProblem(closing, 409, "forwardTo");
        assertThat(closing.json().path("detail").asString())
                .contains("mailbox pong@loop.forwarding.test -> mailbox ping@loop.forwarding.test -> mailbox pong@loop.forwarding.test");
        assertThat(call("GET", mailbox("loop.forwarding.test", "pong"), ADMIN, null).json().path("forwardTo").size()).isZero();
    }

    @Test
    void aUserSetsAndClearsItsOwnForwardingAndAutoresponder() throws Exception {
        createDomain("self.forwarding.test");
        createMailbox("self.forwarding.test", "sally");
        String sally = basic("sally@self.forwarding.test", PASSWORD);

        Answer forwarding = callAs("PUT", "/api/v1/me/forwarding", sally, Map.of("forwardTo", List.of("sally@remote.example")));
        Answer reply = callAs("PUT", "/api/v1/me/autoresponder", sally,
                Map.of("subject", "Out", "body", "Not here.", "intervalSeconds", 7200));
        Answer me = callAs("GET", "/api/v1/me", sally, null);
        Answer noForwarding = callAs("DELETE", "/api/v1/me/forwarding", sally, null);
        Answer noReply = callAs("DELETE", "/api/v1/me/autoresponder", sally, null);

        assertThat(forwarding.status()).as(forwarding.body()).isEqualTo(200);
        assertThat(forwarding.json().path("forwardTo").get(0).asString()).isEqualTo("sally@remote.example");
        assertThat(forwarding.json().path("keepCopy").asBoolean()).isTrue();
        assertThat(reply.json().path("autoresponder").path("intervalSeconds").asLong()).isEqualTo(7200);
        assertThat(me.json().path("forwardTo").get(0).asString()).isEqualTo("sally@remote.example");
        assertThat(me.json().path("autoresponder").path("subject").asString()).isEqualTo("Out");
        assertThat(noForwarding.status()).isEqualTo(204);
        assertThat(noReply.status()).isEqualTo(204);
        Answer after = callAs("GET", "/api/v1/me", sally, null);
        assertThat(after.json().path("forwardTo").size()).isZero();
        assertThat(after.json().path("autoresponder").isNull()).isTrue();
        DirectoryEvent.MailboxUpserted published = lastEvent("sally@self.forwarding.test", 5);
        assertThat(published.forwardTo()).isEmpty();
        assertThat(published.autoresponder()).isNull();
    }

    @Test
    void aUsersNullBodyClearsLikeDelete() throws Exception {
        createDomain("null.forwarding.test");
        createMailbox("null.forwarding.test", "nell");
        String nell = basic("nell@null.forwarding.test", PASSWORD);
        callAs("PUT", "/api/v1/me/forwarding", nell, Map.of("forwardTo", List.of("nell@remote.example")));
        callAs("PUT", "/api/v1/me/autoresponder", nell, Map.of("subject", "Out", "body", "Not here."));

        Answer forwarding = send("PUT", "/api/v1/me/forwarding", nell, "null");
        Answer reply = send("PUT", "/api/v1/me/autoresponder", nell, "null");

        assertThat(forwarding.status()).as(forwarding.body()).isEqualTo(200);
        assertThat(forwarding.json().path("forwardTo").size()).isZero();
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        assertThat(reply.json().path("autoresponder").isNull()).isTrue();
        assertThat(reply.json().path("forwardTo").size()).isZero();
    }

    @Test
    void aUsersBadForwardingOrAutoresponderIs400AndItsLoopIs409() throws Exception {
        createDomain("selfbad.forwarding.test");
        createMailbox("selfbad.forwarding.test", "tom");
        String tom = basic("tom@selfbad.forwarding.test", PASSWORD);

        assertProblem(callAs("PUT", "/api/v1/me/forwarding", tom, Map.of("forwardTo", List.of("nope"))), 400, "forwardTo");
        assertProblem(callAs("PUT", "/api/v1/me/forwarding", tom, Map.of("keepCopy", false)), 400, "forwardTo");
        assertProblem(callAs("PUT", "/api/v1/me/forwarding", tom, Map.of("forwardTo", List.of("tom@selfbad.forwarding.test"))),
                409, "forwardTo");
        assertProblem(callAs("PUT", "/api/v1/me/autoresponder", tom, Map.of("subject", "s", "body", "b", "intervalSeconds", 60)),
                400, "intervalSeconds");
        assertProblem(callAs("PUT", "/api/v1/me/autoresponder", tom, Map.of("body", "b")), 400, "subject");
        Answer me = callAs("GET", "/api/v1/me", tom, null);
        assertThat(me.json().path("forwardTo").size()).isZero();
        assertThat(me.json().path("autoresponder").isNull()).isTrue();
    }

    @Test
    void onlyAMailboxUserHasAMeAndAnotherDomainsAdminGets403() throws Exception {
        createDomain("fence.forwarding.test");
        createDomain("elsewhere.forwarding.test");
        createMailbox("fence.forwarding.test", "una");
        String owner = bearer(createAdmin("elsewhere.forwarding.test", "owner"));
        Map<String, Object> forwarding = Map.of("forwardTo", List.of("thief@remote.example"));
        Map<String, Object> reply = Map.of("subject", "s", "body", "b");

        for (String caller : List.of(bearer(ADMIN), owner)) {
            assertProblem(callAs("PUT", "/api/v1/me/forwarding", caller, forwarding), 403, null);
            assertProblem(callAs("DELETE", "/api/v1/me/forwarding", caller, null), 403, null);
            assertProblem(callAs("PUT", "/api/v1/me/autoresponder", caller, reply), 403, null);
            assertProblem(callAs("DELETE", "/api/v1/me/autoresponder", caller, null), 403, null);
        }
        assertProblem(callAs("PATCH", mailbox("fence.forwarding.test", "una"), owner, forwarding), 403, null);
        assertProblem(callAs("PUT", "/api/v1/me/forwarding", null, forwarding), 401, null);
        assertProblem(callAs("PUT", "/api/v1/me/forwarding", basic("una@fence.forwarding.test", "wrong password"), forwarding),
                401, null);
        assertThat(call("GET", mailbox("fence.forwarding.test", "una"), ADMIN, null).json().path("forwardTo").size()).isZero();
    }

    @Test
    void forwardingAndAutoresponderChangesAreAudited() throws Exception {
        createDomain("audit.forwarding.test");
        createMailbox("audit.forwarding.test", "vic");
        String vic = basic("vic@audit.forwarding.test", PASSWORD);

        callAs("PUT", "/api/v1/me/forwarding", vic, Map.of("forwardTo", List.of("vic@remote.example")));
        callAs("PUT", "/api/v1/me/autoresponder", vic, Map.of("subject", "s", "body", "b"));
        call("PATCH", mailbox("audit.forwarding.test", "vic"), ADMIN, Map.of("keepCopy", false));

        Answer audit = call("GET", "/api/v1/audit?domain=audit.forwarding.test", ADMIN, null);
        List<String> details = audit.json().path("items").findValuesAsString("detail");
        List<String> actors = audit.json().path("items").findValuesAsString("actor");
        assertThat(details).contains("forwardTo,keepCopy", "autoresponder", "keepCopy");
        assertThat(actors).contains("mailbox:vic@audit.forwarding.test", "admin");
    }
}
