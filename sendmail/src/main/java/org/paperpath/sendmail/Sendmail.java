package org.paperpath.sendmail;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code paperpath-sendmail}: reads a message on standard input and submits it to the local SMTP
 * ingress, so programs written for {@code /usr/sbin/sendmail} send mail unchanged. There is no local
 * queue: the exit status says whether the ingress took the message (0), will not take it (69), or
 * may take it later (75), and the caller keeps the message until then, as with qmail-inject.
 */
public final class Sendmail {

    private static final String NAME = "paperpath-sendmail";

    private Sendmail() {
    }

    public static void main(String[] args) {
        System.exit(run(List.of(args), System.in, System.err, System.getenv()).code);
    }

    static ExitStatus run(List<String> argv, InputStream stdin, PrintStream stderr, Map<String, String> env) {
        try {
            SendmailArguments args = SendmailArguments.parse(argv);
            Settings settings = Settings.fromEnvironment(env);
            List<String> input;
            try {
                input = MessageReader.read(stdin, args.ignoreDots());
            } catch (IOException e) {
                stderr.println(NAME + ": cannot read the message from standard input: " + e.getMessage());
                return ExitStatus.IOERR;
            }
            Submission submission = new Composer(settings).compose(args, input);
            SmtpOutcome outcome = new SmtpSubmitter(settings, args.verbose() ? Optional.of(stderr) : Optional.empty())
                    .submit(submission);
            return report(outcome, stderr);
        } catch (UsageException e) {
            stderr.println(NAME + ": " + e.getMessage());
            stderr.println("usage: " + NAME + " [-t] [-i] [-f sender] [-F 'full name'] [-v] [recipient ...] < message");
            return ExitStatus.USAGE;
        } catch (ConfigException e) {
            stderr.println(NAME + ": " + e.getMessage());
            return ExitStatus.CONFIG;
        } catch (DataException e) {
            stderr.println(NAME + ": " + e.getMessage());
            return ExitStatus.DATAERR;
        } catch (RuntimeException e) {
            stderr.println(NAME + ": internal error: " + e);
            return ExitStatus.SOFTWARE;
        }
    }

    private static ExitStatus report(SmtpOutcome outcome, PrintStream stderr) {
        if (outcome instanceof SmtpOutcome.Accepted) {
            return ExitStatus.OK;
        }
        if (outcome instanceof SmtpOutcome.Refused refused) {
            for (SmtpOutcome.Refusal refusal : refused.refusals()) {
                stderr.println(NAME + ": " + refusal.command() + ": " + refusal.reply());
            }
            stderr.println(NAME + ": message not sent");
            return refused.permanent() ? ExitStatus.UNAVAILABLE : ExitStatus.TEMPFAIL;
        }
        if (outcome instanceof SmtpOutcome.Unreachable unreachable) {
            stderr.println(NAME + ": cannot connect to " + unreachable.where() + ": " + unreachable.cause().getMessage()
                    + " (set PAPERPATH_SENDMAIL_HOST/PAPERPATH_SENDMAIL_PORT); message not sent, try again later");
            return ExitStatus.TEMPFAIL;
        }
        SmtpOutcome.Broken broken = (SmtpOutcome.Broken) outcome;
        stderr.println(NAME + ": connection lost during " + broken.during() + ": " + broken.cause().getMessage()
                + "; message not sent, try again later");
        return ExitStatus.TEMPFAIL;
    }
}
