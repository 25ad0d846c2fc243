package org.paperpath.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.json.JsonMapper;

/**
 * Issue 5's mail-flow features on the real standalone system, used as an operator (admin token), a
 * domain owner (domain-admin token) and a mailbox user (HTTP Basic on {@code /api/v1/me}) would:
 * aliases and lists, {@code +extension} addresses, a catch-all, an alias domain, forwarding with and
 * without a kept copy, and the vacation reply (RFC 3834). Mail goes in over the MX port; copies are
 * read from the Maildirs (and POP3). Each scenario has its own domain.
 *
 * <p>A copy count is asserted only once the message is final: queue-service frees the spool body
 * after every route's result, and delivery-local writes the Maildir (and queues a vacation reply)
 * before it publishes a result, so a missing body means no copy of that message is still on its way.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@ExtendWith(RunningStandalone.class)
class MailRoutingIT {

    private static final String PASSWORD = "correct horse battery";
    private static final String OUTSIDE = "sender@outside.test";
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String SYNC_DOMAIN = "sync.routing.test";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpClient http = HttpClient.newHttpClient();
    private final StandaloneProcess paperpath;
    private final AdminApi admin;
    private int syncs;

    MailRoutingIT(StandaloneProcess paperpath) {
        this.paperpath = paperpath;
        this.admin = paperpath.admin();
    }

    @Test
    void anAliasReachesEachTargetOnceAndAPlusExtensionReachesItsMailbox() throws Exception {
        String d = "alias.routing.test";
        mailboxes(d, "alice", "bob", "carol");
        assertCreated(admin.post(aliases(d), "{\"localPart\":\"team\",\"targets\":[\"alice@" + d + "\",\"bob@" + d
                + "\",\"carol+team@" + d + "\"]}"));
        Mailboxes.awaitRecipientAccepted(paperpath.smtpPort, "team@" + d, WAIT);

        Sent toTeam = send(OUTSIDE, "team@" + d, List.of("team@" + d));
        awaitFinal(toTeam);
        assertOneCopy(d, "alice", toTeam, "alice@" + d);
        assertOneCopy(d, "bob", toTeam, "bob@" + d);
        assertOneCopy(d, "carol", toTeam, "carol+team@" + d);

        Mailboxes.awaitRecipientAccepted(paperpath.smtpPort, "alice+news@" + d, WAIT);
        Sent toExtension = send(OUTSIDE, "alice+news@" + d, List.of("alice+news@" + d));
        awaitFinal(toExtension);
        assertOneCopy(d, "alice", toExtension, "alice+news@" + d);
        assertThat(count(d, "alice")).isEqualTo(2);
        assertThat(count(d, "bob")).isEqualTo(1);
        assertThat(count(d, "carol")).isEqualTo(1);
        assertThat(paperpath.dataDir.resolve("mail").resolve(d).resolve("alice+news")).doesNotExist();
    }

    @Test
    void aListReachesEachMailboxOnceHoweverManyAliasesLeadThere() throws Exception {
        String d = "list.routing.test";
        mailboxes(d, "ann", "ben", "cat");
        assertCreated(admin.post(aliases(d), "{\"localPart\":\"staff\",\"targets\":[\"ann@" + d + "\",\"ben@" + d + "\"]}"));
        assertCreated(admin.post(aliases(d), "{\"localPart\":\"all\",\"targets\":[\"staff@" + d + "\",\"ann@" + d
                + "\",\"cat@" + d + "\"]}"));
        Mailboxes.awaitRecipientAccepted(paperpath.smtpPort, "all@" + d, WAIT);
        Mailboxes.awaitRecipientAccepted(paperpath.smtpPort, "staff@" + d, WAIT);

        Sent toList = send(OUTSIDE, "all@" + d, List.of("all@" + d));
        awaitFinal(toList);
        assertOneCopy(d, "ann", toList, "ann@" + d);
        assertOneCopy(d, "ben", toList, "ben@" + d);
        assertOneCopy(d, "cat", toList, "cat@" + d);

        Sent toEveryWay = send(OUTSIDE, "all@" + d, List.of("all@" + d, "staff@" + d, "ann@" + d, "ann+x@" + d));
        awaitFinal(toEveryWay);
        assertOneCopy(d, "ann", toEveryWay, "ann@" + d);
        assertOneCopy(d, "ben", toEveryWay, "ben@" + d);
        assertOneCopy(d, "cat", toEveryWay, "cat@" + d);
        assertThat(List.of(count(d, "ann"), count(d, "ben"), count(d, "cat"))).containsExactly(2, 2, 2);
    }

    @Test
    void aCatchAllTakesUnknownAddressesUntilItIsRemoved() throws Exception {
        String d = "catchall.routing.test";
        mailboxes(d, "inbox", "dave");
        HttpResponse<String> set = admin.put("/api/v1/domains/" + d + "/catch-all", "{\"target\":\"inbox@" + d + "\"}");
        assertThat(set.statusCode()).as(set.body()).isEqualTo(200);
        Mailboxes.awaitRecipientAccepted(paperpath.smtpPort, "no-such-user@" + d, WAIT);

        Sent toUnknown = send(OUTSIDE, "no-such-user@" + d, List.of("no-such-user@" + d));
        awaitFinal(toUnknown);
        assertOneCopy(d, "inbox", toUnknown, "inbox@" + d);
        assertThat(count(d, "dave")).isZero();
        assertThat(paperpath.dataDir.resolve("mail").resolve(d).resolve("no-such-user")).doesNotExist();

        Sent toDave = send(OUTSIDE, "dave@" + d, List.of("dave@" + d));
        awaitFinal(toDave);
        assertOneCopy(d, "dave", toDave, "dave@" + d);
        assertThat(count(d, "inbox")).isEqualTo(1);

        assertThat(admin.delete("/api/v1/domains/" + d + "/catch-all").statusCode()).isEqualTo(204);
        assertThat(Mailboxes.awaitRcptReply(paperpath.smtpPort, "someone-else@" + d, "550", Duration.ofSeconds(10)))
                .startsWith("550 5.1.1");
    }

    @Test
    void anAliasDomainDeliversToTheSameNameInItsTarget() throws Exception {
        mailboxes("real.test", "bob");
        HttpResponse<String> added = admin.post("/api/v1/domains/real.test/alias-domains", "{\"name\":\"alias.test\"}");
        assertCreated(added);
        Mailboxes.awaitRecipientAccepted(paperpath.smtpPort, "bob@alias.test", WAIT);

        Sent sent = send(OUTSIDE, "bob@alias.test", List.of("bob@alias.test"));
        awaitFinal(sent);
        assertOneCopy("real.test", "bob", sent, "bob@alias.test");
        assertThat(count("real.test", "bob")).isEqualTo(1);
        assertThat(paperpath.dataDir.resolve("mail").resolve("alias.test")).doesNotExist();
    }

    @Test
    void forwardingSetByTheUserSendsACopyOnAndKeepsOneOnlyWhenAsked() throws Exception {
        String d = "forward.routing.test";
        mailboxes(d, "eve", "frank");
        String eve = "eve@" + d;
        String frank = "frank@" + d;
        HttpResponse<String> keep = asUser(eve, "PUT", "/api/v1/me/forwarding",
                "{\"forwardTo\":[\"" + frank + "\"],\"keepCopy\":true}");
        assertThat(keep.statusCode()).as(keep.body()).isEqualTo(200);
        assertThat(JSON.readTree(keep.body()).path("keepCopy").asBoolean()).isTrue();
        awaitDirectory();

        Sent kept = send(OUTSIDE, eve, List.of(eve));
        awaitFinal(kept);
        assertOneCopy(d, "eve", kept, eve);
        Path forwarded = assertOneCopy(d, "frank", kept, frank);
        assertThat(header(forwarded, "Return-Path")).containsExactly("<" + OUTSIDE + ">");
        assertThat(Mailboxes.awaitPop3Count(paperpath.pop3Port, frank, PASSWORD, 1, WAIT)).isEqualTo(1);

        HttpResponse<String> move = asUser(eve, "PUT", "/api/v1/me/forwarding",
                "{\"forwardTo\":[\"" + frank + "\"],\"keepCopy\":false}");
        assertThat(move.statusCode()).as(move.body()).isEqualTo(200);
        assertThat(JSON.readTree(move.body()).path("keepCopy").asBoolean()).isFalse();
        awaitDirectory();

        Sent moved = send(OUTSIDE, eve, List.of(eve));
        awaitFinal(moved);
        assertOneCopy(d, "frank", moved, frank);
        assertThat(copies(d, "eve", moved)).isEmpty();
        assertThat(Mailboxes.awaitPop3Count(paperpath.pop3Port, frank, PASSWORD, 2, WAIT)).isEqualTo(2);
        assertThat(Mailboxes.awaitPop3Count(paperpath.pop3Port, eve, PASSWORD, 1, WAIT)).isEqualTo(1);
    }

    @Test
    void anAutoresponderRepliesOncePerSenderWithinItsInterval() throws Exception {
        String d = "vacation.routing.test";
        mailboxes(d, "gina", "hank", "ivan", "kim");
        String gina = "gina@" + d;
        String hank = "hank@" + d;
        String ivan = "ivan@" + d;
        HttpResponse<String> set = asUser(gina, "PUT", "/api/v1/me/autoresponder",
                "{\"subject\":\"Out of office until Monday\",\"body\":\"I am away.\\nBack on Monday.\\n\","
                        + "\"intervalSeconds\":3600}");
        assertThat(set.statusCode()).as(set.body()).isEqualTo(200);
        awaitDirectory();

        Set<String> spoolBeforeFirst = spoolBodies();
        Sent first = send(hank, gina, List.of(gina));
        awaitFinal(first);
        awaitSpoolSettled(spoolBeforeFirst);
        assertOneCopy(d, "gina", first, gina);
        List<Path> replies = Mailboxes.messages(paperpath.dataDir, d, "hank");
        assertThat(replies).as("auto-replies to " + hank).hasSize(1);
        Path reply = replies.get(0);
        assertThat(header(reply, "Auto-Submitted")).containsExactly("auto-replied");
        assertThat(header(reply, "In-Reply-To")).containsExactly("<" + first.messageId() + ">");
        assertThat(header(reply, "Subject")).containsExactly("Out of office until Monday");
        assertThat(header(reply, "From")).containsExactly("<" + gina + ">");
        assertThat(header(reply, "Return-Path")).containsExactly("<>");
        assertThat(header(reply, "Delivered-To")).containsExactly(hank);

        Set<String> spoolBeforeSecond = spoolBodies();
        Sent second = send(hank, gina, List.of(gina));
        awaitFinal(second);
        awaitSpoolSettled(spoolBeforeSecond);
        assertOneCopy(d, "gina", second, gina);
        assertThat(Mailboxes.messages(paperpath.dataDir, d, "hank")).as("auto-replies to " + hank).containsExactly(reply);

        // Once per sender, not once in all: another sender within the interval gets its own reply.
        Set<String> spoolBeforeThird = spoolBodies();
        Sent third = send(ivan, gina, List.of(gina));
        awaitFinal(third);
        awaitSpoolSettled(spoolBeforeThird);
        List<Path> toIvan = Mailboxes.messages(paperpath.dataDir, d, "ivan");
        assertThat(toIvan).as("auto-replies to " + ivan).hasSize(1);
        assertThat(header(toIvan.get(0), "In-Reply-To")).containsExactly("<" + third.messageId() + ">");

        // RFC 3834 section 2: a message that does not name the mailbox in To or Cc (a Bcc) gets no reply.
        Set<String> spoolBeforeBcc = spoolBodies();
        Sent bcc = send("kim@" + d, "someone@outside.test", List.of(gina));
        awaitFinal(bcc);
        awaitSpoolSettled(spoolBeforeBcc);
        assertOneCopy(d, "gina", bcc, gina);
        assertThat(count(d, "kim")).as("auto-replies to a Bcc sender").isZero();
        assertThat(count(d, "gina")).isEqualTo(4);
    }

    @Test
    void loopsAreRefusedAtWriteTimeAndADomainAdminStaysInItsOwnDomain() throws Exception {
        String d = "loop.routing.test";
        mailboxes(d, "owner");
        assertCreated(admin.post(aliases(d), "{\"localPart\":\"a\",\"targets\":[\"b@" + d + "\"]}"));
        HttpResponse<String> loop = admin.post(aliases(d), "{\"localPart\":\"b\",\"targets\":[\"a@" + d + "\"]}");
        assertThat(loop.statusCode()).as(loop.body()).isIn(400, 409);
        assertThat(loop.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(JSON.readTree(loop.body()).path("field").asString()).isEqualTo("targets");
        assertThat(JSON.readTree(loop.body()).path("detail").asString()).contains("loop");
        assertThat(admin.get(aliases(d) + "/b").statusCode()).isEqualTo(404);

        String other = "other.routing.test";
        mailboxes(other, "someone");
        HttpResponse<String> issued = admin.post("/api/v1/domains/" + other + "/admins", "{\"name\":\"owner\"}");
        assertCreated(issued);
        AdminApi owner = new AdminApi(paperpath.httpPort, JSON.readTree(issued.body()).path("token").asString());
        String alias = "{\"localPart\":\"c\",\"targets\":[\"someone@" + other + "\"]}";
        HttpResponse<String> foreign = owner.post(aliases(d), alias);
        assertThat(foreign.statusCode()).as(foreign.body()).isEqualTo(403);
        assertThat(foreign.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(admin.get(aliases(d) + "/c").statusCode()).isEqualTo(404);
        assertCreated(owner.post(aliases(other), alias));
    }

    /** One message as handed to the MX port: its queue id (from the 250 after DATA) and Message-ID. */
    private record Sent(String queueId, String messageId) {
    }

    /** Sends one message over the MX port; every RCPT and the end of data must get 250. */
    private Sent send(String from, String toHeader, List<String> recipients) throws Exception {
        String messageId = UUID.randomUUID() + "@client.routing.test";
        try (SmtpClient smtp = new SmtpClient(paperpath.smtpPort)) {
            assertThat(smtp.reply()).startsWith("220");
            assertThat(smtp.send("EHLO client.routing.test")).startsWith("250");
            assertThat(smtp.send("MAIL FROM:<" + from + ">")).startsWith("250");
            for (String recipient : recipients) {
                assertThat(smtp.send("RCPT TO:<" + recipient + ">")).as("RCPT TO:<%s>", recipient).startsWith("250");
            }
            assertThat(smtp.send("DATA")).startsWith("354");
            String reply = smtp.send("From: <" + from + ">\r\nTo: <" + toHeader + ">\r\nSubject: routing test\r\n"
                    + "Date: " + DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now(ZoneOffset.UTC)) + "\r\n"
                    + "Message-ID: <" + messageId + ">\r\n\r\nHello from the routing test.\r\n.");
            assertThat(reply).startsWith("250");
            smtp.send("QUIT");
            return new Sent(reply.substring(reply.lastIndexOf(' ') + 1), messageId);
        }
    }

    /** Waits until the message's spool body is gone: every route has its final result. */
    private void awaitFinal(Sent sent) throws Exception {
        awaitUntil(() -> !spoolBodies().contains(sent.queueId()), "queue id " + sent.queueId() + " to be final");
    }

    /**
     * Waits until every body spooled since {@code before} was taken is gone. delivery-local spools a
     * vacation reply before it reports the delivery that caused it, so once the original is final
     * and nothing new is left in the spool, any reply has reached its Maildir (or failed).
     */
    private void awaitSpoolSettled(Set<String> before) throws Exception {
        awaitUntil(() -> before.containsAll(spoolBodies()), "the spool to hold nothing new");
    }

    /** The names of the bodies in the spool (queue ids), tmp/ included. */
    private Set<String> spoolBodies() throws IOException {
        Path spool = paperpath.dataDir.resolve("spool");
        for (int attempt = 1; ; attempt++) {
            if (!Files.isDirectory(spool)) {
                return Set.of();
            }
            try (Stream<Path> files = Files.walk(spool)) {
                return files.filter(Files::isRegularFile).map(file -> file.getFileName().toString())
                        .collect(Collectors.toCollection(HashSet::new));
            } catch (UncheckedIOException e) {
                // A body was deleted while the walk passed it: walk again, a few times at most.
                if (attempt == 5) {
                    throw e.getCause();
                }
            }
        }
    }

    /** Asserts that exactly one copy of {@code sent} is in the mailbox, delivered to {@code deliveredTo}. */
    private Path assertOneCopy(String domain, String localPart, Sent sent, String deliveredTo) throws IOException {
        List<Path> copies = copies(domain, localPart, sent);
        assertThat(copies).as("copies of %s in %s@%s", sent.messageId(), localPart, domain).hasSize(1);
        assertThat(header(copies.get(0), "Delivered-To")).as("Delivered-To of the copy in %s@%s", localPart, domain)
                .containsExactly(deliveredTo);
        return copies.get(0);
    }

    private List<Path> copies(String domain, String localPart, Sent sent) throws IOException {
        List<Path> copies = new ArrayList<>();
        for (Path file : Mailboxes.messages(paperpath.dataDir, domain, localPart)) {
            if (header(file, "Message-ID").contains("<" + sent.messageId() + ">")) {
                copies.add(file);
            }
        }
        return copies;
    }

    private int count(String domain, String localPart) throws IOException {
        return Mailboxes.messages(paperpath.dataDir, domain, localPart).size();
    }

    /** Every value of the field {@code name} in the message's header section, unfolded and trimmed. */
    private static List<String> header(Path message, String name) throws IOException {
        String text = Files.readString(message, StandardCharsets.ISO_8859_1).replace("\r\n", "\n");
        int end = text.indexOf("\n\n");
        List<String> fields = new ArrayList<>();
        for (String line : (end < 0 ? text : text.substring(0, end)).split("\n")) {
            boolean continuation = !line.isEmpty() && (line.charAt(0) == ' ' || line.charAt(0) == '\t');
            if (continuation && !fields.isEmpty()) {
                fields.set(fields.size() - 1, fields.get(fields.size() - 1) + line);
            } else {
                fields.add(line);
            }
        }
        String prefix = name.toLowerCase(Locale.ROOT) + ":";
        return fields.stream().filter(field -> field.toLowerCase(Locale.ROOT).startsWith(prefix))
                .map(field -> field.substring(prefix.length()).trim()).toList();
    }

    private void mailboxes(String domain, String... localParts) throws Exception {
        for (String localPart : localParts) {
            admin.createMailbox(domain, localPart, PASSWORD);
        }
    }

    private static String aliases(String domain) {
        return "/api/v1/domains/" + domain + "/aliases";
    }

    private static void assertCreated(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
    }

    /** A request as a mailbox user: HTTP Basic with its address and password. */
    private HttpResponse<String> asUser(String address, String method, String path, String json) throws Exception {
        String credentials = Base64.getEncoder().encodeToString((address + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8));
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + paperpath.httpPort + path))
                .header("Authorization", "Basic " + credentials)
                .header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /**
     * Waits until the directory view holds every change made so far. The directory topic has one
     * partition, account-service publishes its outbox in id order, and the standalone's services share
     * one view: once RCPT accepts a mailbox created now, queue-service and delivery-local see every
     * earlier change too (a forward or an autoresponder, which RCPT cannot show).
     */
    private void awaitDirectory() throws Exception {
        String sentinel = admin.createMailbox(SYNC_DOMAIN, "sync" + ++syncs, PASSWORD);
        Mailboxes.awaitRecipientAccepted(paperpath.smtpPort, sentinel, WAIT);
    }

    /** A condition that may throw, polled by {@link #awaitUntil}. */
    private interface Condition {
        boolean holds() throws Exception;
    }

    private void awaitUntil(Condition condition, String what) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.holds()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("waited " + WAIT + " for " + what + "; see " + paperpath.logFile());
            }
            Thread.sleep(100);
        }
    }
}
