package dev.vlmconsole.app.api;

import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Builds springdoc's beans when {@code /api/openapi} is first asked for, not at start-up. Eager, they
 * loaded Swagger's model converters and a Jackson 2 object mapper beside Spring's Jackson 3 one: about a
 * thousand classes and a tenth of the start-up, for a document few people fetch (see DD015). The
 * request mappings of springdoc's controller are still registered at start-up (they are found by bean
 * type, without creating the bean), so the path answers from the first request on.
 */
@Configuration(proxyBeanMethods = false)
class OpenApiOnFirstRequest {

    static final String SPRINGDOC_PACKAGE = "org.springdoc.";

    @Bean
    static BeanFactoryPostProcessor springdocBeansOnFirstUse() {
        return OpenApiOnFirstRequest::markSpringdocBeansLazy;
    }

    /** Marks every bean that springdoc declares (its configurations and their bean methods) lazy. */
    static void markSpringdocBeansLazy(ConfigurableListableBeanFactory beanFactory) {
        for (String name : beanFactory.getBeanDefinitionNames()) {
            BeanDefinition definition = beanFactory.getBeanDefinition(name);
            if (declaredBySpringdoc(beanFactory, definition)) {
                definition.setLazyInit(true);
            }
        }
    }

    private static boolean declaredBySpringdoc(ConfigurableListableBeanFactory beanFactory, BeanDefinition definition) {
        String className = definition.getBeanClassName();
        String factoryBean = definition.getFactoryBeanName();
        if (className == null && factoryBean != null && beanFactory.containsBeanDefinition(factoryBean)) {
            className = beanFactory.getBeanDefinition(factoryBean).getBeanClassName();
        }
        return className != null && className.startsWith(SPRINGDOC_PACKAGE);
    }
}
