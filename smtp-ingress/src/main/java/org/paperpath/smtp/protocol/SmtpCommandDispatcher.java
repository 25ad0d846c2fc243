package org.paperpath.smtp.protocol;

import org.paperpath.directory.Directory;
import org.paperpath.smtp.protocol.command.AuthHandler;
import org.paperpath.smtp.protocol.command.BdatHandler;
import org.paperpath.smtp.protocol.command.DataHandler;
import org.paperpath.smtp.protocol.command.EhloHandler;
import org.paperpath.smtp.protocol.command.HeloHandler;
import org.paperpath.smtp.protocol.command.HelpHandler;
import org.paperpath.smtp.protocol.command.MailHandler;
import org.paperpath.smtp.protocol.command.NoopHandler;
import org.paperpath.smtp.protocol.command.NotImplementedHandler;
import org.paperpath.smtp.protocol.command.QuitHandler;
import org.paperpath.smtp.protocol.command.RcptHandler;
import org.paperpath.smtp.protocol.command.RsetHandler;
import org.paperpath.smtp.protocol.command.StartTlsHandler;
import org.paperpath.smtp.protocol.command.VrfyHandler;
import org.paperpath.smtp.queue.SpoolCapacity;

/** Routes each parsed command to its handler. One instance serves every session of a listener. */
public final class SmtpCommandDispatcher {

    private final HeloHandler helo = new HeloHandler();
    private final EhloHandler ehlo;
    private final MailHandler mail;
    private final RcptHandler rcpt;
    private final DataHandler data = new DataHandler();
    private final BdatHandler bdat = new BdatHandler();
    private final RsetHandler rset = new RsetHandler();
    private final NoopHandler noop = new NoopHandler();
    private final QuitHandler quit;
    private final VrfyHandler vrfy = new VrfyHandler();
    private final StartTlsHandler startTls = new StartTlsHandler();
    private final AuthHandler auth = new AuthHandler();
    private final HelpHandler help = new HelpHandler();
    private final NotImplementedHandler notImplemented = new NotImplementedHandler();

    /** A dispatcher whose spool never runs out and whose mailboxes are never full (tests about neither). */
    public SmtpCommandDispatcher(SmtpSettings settings, Directory directory) {
        this(settings, directory, SpoolCapacity.unlimited(), MailboxQuota.unlimited());
    }

    /**
     * @param directory asked at RCPT where an address goes, and at MAIL on submission whether the sender is the user's
     * @param spool asked at MAIL whether a transaction may open
     * @param quota asked at RCPT whether a local mailbox is full
     */
    public SmtpCommandDispatcher(SmtpSettings settings, Directory directory, SpoolCapacity spool,
            MailboxQuota quota) {
        this.ehlo = new EhloHandler(settings);
        this.mail = new MailHandler(settings, directory, spool);
        this.rcpt = new RcptHandler(settings, directory, quota);
        this.quit = new QuitHandler(settings);
    }

    public SmtpReply dispatch(SmtpCommand command, SmtpSession session) {
        if (command instanceof SmtpCommand.Helo c) {
            return helo.handle(c, session);
        } else if (command instanceof SmtpCommand.Ehlo c) {
            return ehlo.handle(c, session);
        } else if (command instanceof SmtpCommand.Mail c) {
            return mail.handle(c, session);
        } else if (command instanceof SmtpCommand.Rcpt c) {
            return rcpt.handle(c, session);
        } else if (command instanceof SmtpCommand.Data c) {
            return data.handle(c, session);
        } else if (command instanceof SmtpCommand.Bdat c) {
            return bdat.handle(c, session);
        } else if (command instanceof SmtpCommand.Rset c) {
            return rset.handle(c, session);
        } else if (command instanceof SmtpCommand.Noop c) {
            return noop.handle(c, session);
        } else if (command instanceof SmtpCommand.Quit c) {
            return quit.handle(c, session);
        } else if (command instanceof SmtpCommand.Vrfy c) {
            return vrfy.handle(c, session);
        } else if (command instanceof SmtpCommand.StartTls c) {
            return startTls.handle(c, session);
        } else if (command instanceof SmtpCommand.Auth c) {
            return auth.handle(c, session);
        } else if (command instanceof SmtpCommand.Help c) {
            return help.handle(c, session);
        } else if (command instanceof SmtpCommand.NotImplemented c) {
            return notImplemented.handle(c, session);
        } else if (command instanceof SmtpCommand.Malformed c) {
            return c.reply();
        }
        return SmtpReplies.UNKNOWN_COMMAND;
    }

    /** A line read while {@link SessionState.Authenticating}: the client's SASL response, not a command. */
    public SmtpReply saslResponse(String line, SmtpSession session) {
        SessionState.Authenticating authenticating = (SessionState.Authenticating) session.state();
        return AuthHandler.step(authenticating.exchange().respond(line), authenticating.helo(), session);
    }
}
