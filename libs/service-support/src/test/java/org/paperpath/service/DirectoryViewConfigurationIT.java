package org.paperpath.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.paperpath.directory.Directory;
import org.paperpath.directory.InMemoryDirectory;
import org.paperpath.directory.KafkaDirectoryView;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

class DirectoryViewConfigurationIT {

    private static EmbeddedKafkaKraftBroker broker;

    @BeforeAll
    static void startBroker() {
        broker = new EmbeddedKafkaKraftBroker(1, 1);
        broker.afterPropertiesSet();
    }

    @AfterAll
    static void stopBroker() {
        broker.destroy();
    }

    private ApplicationContextRunner runner() {
        return new ApplicationContextRunner()
                .withUserConfiguration(DirectoryViewConfiguration.class)
                .withPropertyValues("paperpath.kafka.bootstrap-servers=" + broker.getBrokersAsString());
    }

    @Test
    void startsAKafkaViewThatCatchesUpOnTheProvisionedTopic() {
        runner().run(context -> {
            assertThat(context).hasSingleBean(Directory.class);
            KafkaDirectoryView view = context.getBean(KafkaDirectoryView.class);
            assertThat(view.awaitCaughtUp(Duration.ofSeconds(30))).isTrue();
        });
    }

    @Test
    void backsOffWhenTheContextHasADirectoryAlready() {
        runner().withBean(Directory.class, InMemoryDirectory::new).run(context -> {
            assertThat(context).hasSingleBean(Directory.class);
            assertThat(context).doesNotHaveBean(KafkaDirectoryView.class);
            assertThat(context.getBean(Directory.class).mailbox("x@y.test")).isEqualTo(Optional.empty());
        });
    }
}
