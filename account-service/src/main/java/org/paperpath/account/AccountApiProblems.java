package org.paperpath.account;

import org.apache.catalina.Container;
import org.apache.catalina.Valve;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * RFC 9457 problems for what never reaches account-service's controllers, so that every error of
 * the API is {@code application/problem+json} (issue 5): requests Tomcat refuses before Spring
 * ({@link ProblemErrorReportValve}) and, under {@code /api/v1/} and {@code /internal/v1/}, unknown
 * paths, unsupported methods and content types ({@link AccountApiUnmatched}). Neither repeats the request.
 */
@Configuration(proxyBeanMethods = false)
@Import(AccountApiUnmatched.class)
class AccountApiProblems {

    /**
     * Puts {@link ProblemErrorReportValve} in the host's pipeline in place of Tomcat's HTML report
     * (and of the one Boot adds), and names it as the host's error report valve so that Tomcat adds
     * no other when the host starts.
     */
    @Bean
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> accountProblemErrorReports() {
        return factory -> factory.addContextCustomizers(context -> {
            Container parent = context.getParent();
            if (parent == null) {
                return;
            }
            for (Valve valve : parent.getPipeline().getValves()) {
                if (valve instanceof ErrorReportValve && !(valve instanceof ProblemErrorReportValve)) {
                    parent.getPipeline().removeValve(valve);
                }
            }
            boolean present = false;
            for (Valve valve : parent.getPipeline().getValves()) {
                present |= valve instanceof ProblemErrorReportValve;
            }
            if (!present) {
                parent.getPipeline().addValve(new ProblemErrorReportValve());
            }
            if (parent instanceof StandardHost host) {
                host.setErrorReportValveClass(ProblemErrorReportValve.class.getName());
            }
        });
    }
}
