package org.paperpath.sendmail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SendmailArgumentsTest {

    private static SendmailArguments parse(String... args) throws UsageException {
        return SendmailArguments.parse(List.of(args));
    }

    @Test
    void plainArgumentsAreRecipientsInOrder() throws Exception {
        SendmailArguments args = parse("alice@example.test", "bob@example.test");
        assertThat(args.recipients()).containsExactly("alice@example.test", "bob@example.test");
        assertThat(args.sender()).isEmpty();
        assertThat(args.extractRecipients()).isFalse();
        assertThat(args.ignoreDots()).isFalse();
    }

    @Test
    void senderMayBeAttachedOrSeparateAndLoseItsBrackets() throws Exception {
        assertThat(parse("-fbob@sender.test", "a@x.test").sender()).contains("bob@sender.test");
        assertThat(parse("-f", "bob@sender.test", "a@x.test").sender()).contains("bob@sender.test");
        assertThat(parse("-f", "<bob@sender.test>", "a@x.test").sender()).contains("bob@sender.test");
        assertThat(parse("-r", "bob@sender.test", "a@x.test").sender()).contains("bob@sender.test");
    }

    @Test
    void emptyBracketsAreTheNullSender() throws Exception {
        assertThat(parse("-f", "<>", "a@x.test").sender()).contains("");
    }

    @Test
    void fullNameMayBeAttachedOrSeparate() throws Exception {
        assertThat(parse("-F", "Bob Sender", "a@x.test").fullName()).contains("Bob Sender");
        assertThat(parse("-FBob", "a@x.test").fullName()).contains("Bob");
    }

    @Test
    void dashIAndDashOiBothStopTheDotFromEndingInput() throws Exception {
        assertThat(parse("-i", "a@x.test").ignoreDots()).isTrue();
        assertThat(parse("-oi", "a@x.test").ignoreDots()).isTrue();
    }

    @Test
    void flagsMayShareOneDash() throws Exception {
        SendmailArguments args = parse("-ti");
        assertThat(args.extractRecipients()).isTrue();
        assertThat(args.ignoreDots()).isTrue();
        assertThat(args.recipients()).isEmpty();
    }

    @Test
    void otherDashOOptionsAndQueueingOptionsAreIgnored() throws Exception {
        SendmailArguments args = parse("-odb", "-oem", "-oQ/var/spool/mqueue", "-em", "-bm", "-N", "never", "-Bbody",
                "-v", "a@x.test");
        assertThat(args.recipients()).containsExactly("a@x.test");
        assertThat(args.ignoreDots()).isFalse();
        assertThat(args.verbose()).isTrue();
    }

    @Test
    void doubleDashEndsTheOptions() throws Exception {
        assertThat(parse("-t", "--", "-odd@x.test").recipients()).containsExactly("-odd@x.test");
    }

    @Test
    void unknownOptionsAndUnsupportedModesAreUsageErrors() {
        assertThatThrownBy(() -> parse("-q")).isInstanceOf(UsageException.class).hasMessageContaining("-q");
        assertThatThrownBy(() -> parse("-bs")).isInstanceOf(UsageException.class).hasMessageContaining("-bs");
        assertThatThrownBy(() -> parse("-bp")).isInstanceOf(UsageException.class);
        assertThatThrownBy(() -> parse("-tx")).isInstanceOf(UsageException.class);
    }

    @Test
    void anOptionWithoutItsArgumentIsAUsageError() {
        assertThatThrownBy(() -> parse("a@x.test", "-f")).isInstanceOf(UsageException.class)
                .hasMessageContaining("-f requires an argument");
        assertThatThrownBy(() -> parse("-F")).isInstanceOf(UsageException.class);
        assertThatThrownBy(() -> parse("-N")).isInstanceOf(UsageException.class);
    }

    @Test
    void recipientsMayFollowOptionsOrPrecedeThem() throws Exception {
        SendmailArguments args = parse("a@x.test", "-f", "s@y.test", "b@x.test");
        assertThat(args.recipients()).containsExactly("a@x.test", "b@x.test");
        assertThat(args.sender()).isEqualTo(Optional.of("s@y.test"));
    }
}
