package org.paperpath.standalone;

import org.paperpath.account.AccountServiceConfiguration;
import org.paperpath.delivery.local.DeliveryLocalConfiguration;
import org.paperpath.delivery.remote.DeliveryRemoteConfiguration;
import org.paperpath.imap.ImapGatewayConfiguration;
import org.paperpath.pop3.Pop3GatewayConfiguration;
import org.paperpath.queue.QueueServiceConfiguration;
import org.paperpath.smtp.SmtpIngressConfiguration;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Import;

/**
 * The whole system in one JVM: the same seven service configurations that run in containers,
 * composed into one context with one meter registry and one health endpoint. {@link Standalone}
 * starts the broker and the database first.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import({ StandaloneConfiguration.class, AccountServiceConfiguration.class, SmtpIngressConfiguration.class,
        QueueServiceConfiguration.class, DeliveryLocalConfiguration.class, DeliveryRemoteConfiguration.class,
        Pop3GatewayConfiguration.class, ImapGatewayConfiguration.class })
public class PaperpathApplication {

    public static void main(String[] args) {
        Standalone.run(args);
    }
}
