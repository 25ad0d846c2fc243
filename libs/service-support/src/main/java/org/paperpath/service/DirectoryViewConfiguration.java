package org.paperpath.service;

import org.paperpath.directory.Directory;
import org.paperpath.directory.KafkaDirectoryView;
import org.paperpath.kafka.PaperpathTopics;
import org.paperpath.kafka.TopicProvisioner;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * The local view of the directory topic, for every service that routes or checks recipients. Imported
 * by those services' configurations; Spring registers it once per context, so standalone holds one
 * view however many services need it. A test may declare its own {@link Directory} instead.
 */
@Configuration(proxyBeanMethods = false)
@Import(PaperpathCommonConfiguration.class)
public class DirectoryViewConfiguration {

    /** Started here; callers check {@link Directory#isCaughtUp()} before trusting a miss. */
    @Bean(initMethod = "start", destroyMethod = "close")
    @ConditionalOnMissingBean(Directory.class)
    public KafkaDirectoryView paperpathDirectoryView(PaperpathProperties properties) {
        String bootstrap = properties.kafka().bootstrapServers();
        TopicProvisioner.ensure(bootstrap, PaperpathTopics.ALL);
        return new KafkaDirectoryView(bootstrap);
    }
}
