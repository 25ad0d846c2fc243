package org.paperpath.account.client;

/**
 * Checks a mailbox user's credentials for a gateway or SMTP AUTH. The only implementation in
 * production asks account-service; secrets never leave it.
 */
public interface Authenticator {

    /**
     * @param username {@code local@domain} as the client typed it
     * @param service {@code pop3}, {@code imap} or {@code smtp}
     * @param remoteIp the client's address, for throttling
     */
    AuthResult authenticate(String username, String password, String service, String remoteIp);
}
