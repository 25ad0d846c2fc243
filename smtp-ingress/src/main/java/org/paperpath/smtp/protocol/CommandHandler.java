package org.paperpath.smtp.protocol;

/** Handles one kind of command; stateless: everything per connection lives in the {@link SmtpSession}. */
public interface CommandHandler<C extends SmtpCommand> {

    SmtpReply handle(C command, SmtpSession session);
}
